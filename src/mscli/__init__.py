"""mscli: 重点民生实事 data, progress and quarterly circulars from version-controlled YAML."""

# The first lines of mscli that run when the program starts (the console script's `from mscli.entry
# import main`, or `python -m mscli`): from here until entry.main takes over, Ctrl-C exits 130 with
# a note instead of a traceback. Only the built-in _signal and sys, nothing to find on disk; a
# library or a test importing mscli keeps its own Ctrl-C.
import _signal  # type: ignore[import-not-found]  # built in: nothing to find on disk
import sys as _sys


def _interrupted_at_start(signum: int, frame: object) -> None:
    """SystemExit, unlike KeyboardInterrupt, leaves the interpreter without a traceback."""
    try:
        _sys.stderr.write("已中断。\n")
        _sys.stderr.flush()
    except (OSError, ValueError, UnicodeEncodeError, AttributeError):
        pass
    raise SystemExit(130)


def _is_the_program() -> bool:
    """Whether this import is the mscli program starting: its console script, or `-m mscli`."""
    script = _sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] if _sys.argv else ""
    given = getattr(_sys, "orig_argv", [])
    module = given[given.index("-m") + 1 : given.index("-m") + 2] if "-m" in given else []
    return script.startswith("mscli") or module == ["mscli"]


if _is_the_program():
    _signal.signal(_signal.SIGINT, _interrupted_at_start)

__version__ = "0.1.0"
