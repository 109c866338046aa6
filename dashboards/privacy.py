"""Dashboards hold figures only: registered with people.privacy to say so, field by field."""

NOT_PERSONAL = {
    "RegionTotal": ("level",),  # country / state / district
    "Milestone": ("key",),  # a machine key of a reached milestone
    "FillState": ("table",),  # the name of a roll-up table the full fill refilled
    "PendingDay": ("table",),  # the name of a roll-up table with a day to refill
}
