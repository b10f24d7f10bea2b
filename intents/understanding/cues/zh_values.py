"""Chinese words for slot values: the counterpart of `intents.understanding.cues.en_values`,
entry for entry (the same lexicons, values and names; an empty entry: no words for it).
Messages are read in Simplified characters (Traditional is converted first).
"""
from __future__ import annotations

VALUES: dict[str, dict[str, str]] = {
    "expense_category": {
        "travel": r"打车|出租|高铁|火车|机票|航班|酒店|住宿|滴滴|差旅|出差|交通费",
        "software": r"授权|订阅|软件|会员费|年费",
        "labor": r"外包|兼职|劳务|人工(?!智能)|人力",
        "procurement": (r"硬盘|显示器|电脑|设备|采购|键盘|鼠标|树莓派|测试机|扫码枪|开发板|"
                        r"sd卡|内存卡|存储卡|相机|镜头|三脚架|稳定器|打印机|耳机|集线器|扩展坞|转接头|数据线|"
                        r"路由器|交换机|读卡器|读写器|平板|u盘|移动硬盘|网线|充电器|(?<!云)服务器"),
    },
    "list_status": {
        "in_progress": r"进行中|在做的",
        "blocked": r"卡住|阻塞|被卡",
        "todo": r"待办|未开始",
        # "还没做完的", "没完成的" ask for what is still open, not for what is done
        "done": r"已完成|已经(?:做完|完成)|(?<![没未])(?:完成了的|做完的)",
    },
    "task_status": {
        "in_progress": r"进行中|开始做|在做",
        "blocked": r"卡住|阻塞|被卡|暂停|挂起|搁置",
        "todo": r"待办|未开始|重新打开",
        "done": r"完成|搞定|搞掂|做完|关闭",
    },
    "priority": {
        "urgent": r"紧急|加急",
        "low": r"不急|调低|降低|低优先级|优先级低",
        "high": r"调高|提高|高优先级|优先级高|重要",
        "normal": r"普通|一般|中等",
    },
    "report": {
        "profit": r"利润|盈利|毛利",
        "utilization": r"利用率|工作量|饱和度|超负荷|忙不过来",
        "satisfaction": r"满意度",
        "variance": r"偏差",
        "risk": r"风险",
    },
    "chart": {
        "gantt": r"甘特",
        "kanban": r"看板",
        "burndown": r"燃尽",
        "utilization": r"利用率",
        "budget": r"预算",
    },
    "leave_type": {
        "sick": r"病假|生病",
        "annual": r"年假",
        "personal": r"事假",
    },
    "request_kind": {
        "leave": r"请假|年假|病假|事假|调休|休假|假",
        "overtime": r"加班",
        "expense": r"报销|费用",
    },
    "notice_kind": {
        "weekly_digest": r"周报|每周(?:简报|汇总|报告)",
        "hours_reminder": r"工时提醒|记工时(?:的)?提醒|工时",
        "task_overdue": r"逾期(?:提醒)?",
        "budget_threshold": r"预算(?:提醒|预警)?",
        "approval_waiting": r"审批提醒",
        "milestone": r"里程碑(?:通知|提醒)?",
        "reminder": r"提醒",
    },
}

UNLESS: dict[str, dict[str, str]] = {
    "expense_category": {"procurement": r"租"},
}

WORDS: dict[str, str] = {
    "OTHER_KIND": (r"(?:其他|其它|杂项)(?:费用|开支|支出|类)"
                   r"|(?:类别|类型|分类|记为|记到|算)\s*[:：]?\s*(?:其他|其它|杂项)"),
    "NOT_KIND": r"项目|任务|客户|人|事",
    "OTHER_WORD": r"其他|其它|杂项",
    "KIND_ONLY": r"差旅|出差|人工|人力|劳务|采购|软件|其他|其它|杂项",
}
