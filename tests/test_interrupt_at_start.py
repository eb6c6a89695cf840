"""Ctrl-C while the `mscli` program is still starting (#23 item 8): exit 130 with 已中断。, never a
traceback, whether it arrives while `mscli.entry` itself is importing or at any moment of start-up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mscli

# Stands in for the console script pip writes (`from mscli.entry import main`), with an import hook
# that presses Ctrl-C at a chosen import made while mscli.entry is itself importing.
WRAPPER = """\
import os, signal, sys

class PressCtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r} and "mscli.entry" in sys.modules:
            sys.stdout.write("pressed\\n")
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, PressCtrlC())
from mscli.entry import main
sys.argv[1:] = ["--version"]
sys.exit(main())
"""


@pytest.mark.parametrize("module", ["collections.abc", "typing"])
def test_ctrl_c_while_the_entry_module_imports(tmp_path: Path, module: str) -> None:
    script = tmp_path / "mscli"  # named as the console script is: mscli.entry knows it runs
    script.write_text(WRAPPER.format(module=module), encoding="utf-8")
    if module in _loaded_at_start():
        pytest.skip(f"{module} is already imported when the interpreter starts here")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.startswith("pressed"), done.stdout  # the interrupt did arrive there
    assert done.returncode == 130, done.stderr
    assert done.stderr == "已中断。\n"
    assert "mscli 0.1" not in done.stdout  # the command did not go on to run


def test_a_library_importing_entry_keeps_its_own_ctrl_c() -> None:
    code = "import signal, mscli.entry; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "True", done.stderr


def test_ctrl_c_at_random_moments_of_start_up_never_shows_mscli_in_a_traceback() -> None:
    """From mscli's first line on, Ctrl-C is 已中断。 and exit 130. Before it (Python's own start-up,
    site, the console script's `import re`) the interpreter's traceback is beyond any program's
    reach: such a traceback must hold no frame of mscli's."""
    program = Path(sys.executable).with_name("mscli")
    if not program.exists():
        pytest.skip("the mscli console script is not installed beside this Python")
    package = str(Path(mscli.__file__).parent)
    start = time.perf_counter()
    subprocess.run(
        [str(program), "validate", "--help"], capture_output=True, timeout=60, check=True
    )
    whole = time.perf_counter() - start
    chance = random.Random(23)
    interrupted = 0
    for _ in range(40):
        child = subprocess.Popen(
            [str(program), "validate", "--help"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "120"},
        )
        time.sleep(chance.uniform(0.0, whole))
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        assert package not in err, err
        interrupted += child.returncode == 130
    assert interrupted > 0  # some interrupts did land while mscli ran


def _loaded_at_start() -> set[str]:
    code = "import sys; print(' '.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_an_interrupt_python_wrapped_in_another_error_is_still_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while a class is being made (typer's import) reaches main as RuntimeError("Error
    calling __set_name__ …") caused by the KeyboardInterrupt: exit 130 with the note, no
    traceback; any other error is left alone."""
    from mscli import entry
    from mscli.cli.framework import standins

    # main run in this process: leave pytest's signal handlers, streams and environment alone
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    monkeypatch.setattr(entry, "usable_streams", lambda: None)
    monkeypatch.setattr(entry, "usable_sizes", lambda environ: None)

    def interrupted(app: object, args: list[str]) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'cached_property'") from exc

    monkeypatch.setattr(standins, "run", interrupted)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "已中断。\n"

    def broken(app: object, args: list[str]) -> None:
        raise RuntimeError("a bug, not an interrupt")

    monkeypatch.setattr(standins, "run", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        entry.main()
