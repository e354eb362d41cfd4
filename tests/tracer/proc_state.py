"""proc_state.py — what /proc says of a process, for the tests' drivers (stop_check.py,
suspend_check.py)."""


def state_of(pid):
    """The /proc state letter of pid, or None when it is gone."""
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2]
