"""Modules loveaudit defers load on first use and then work as if imported at once."""

from __future__ import annotations

import importlib
import sys

from loveaudit.deferred import defer


def test_a_deferred_module_loads_when_first_read(tmp_path, monkeypatch):
    package = tmp_path / "la_probe_pkg"
    package.mkdir()
    (tmp_path / "la_probe_log.py").write_text("loads = []\n")
    init = "import la_probe_log\nla_probe_log.loads.append(1)\nVALUE = 42\n"
    (package / "__init__.py").write_text(init)
    (package / "sub.py").write_text("NAME = 'sub'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("la_probe_pkg", "la_probe_pkg.sub", "la_probe_log"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import la_probe_log

    defer("la_probe_pkg")
    probe = importlib.import_module("la_probe_pkg")  # what `import la_probe_pkg` gives
    assert la_probe_log.loads == []  # imported, not yet run
    assert probe.VALUE == 42 and la_probe_log.loads == [1]
    assert probe.VALUE == 42 and la_probe_log.loads == [1]  # run once
    from la_probe_pkg.sub import NAME

    assert NAME == "sub" and sys.modules["la_probe_pkg"].VALUE == 42
    defer("la_probe_pkg")  # a module already imported is left as it is
    assert sys.modules["la_probe_pkg"].VALUE == 42 and la_probe_log.loads == [1]
