"""Libraries imported at start-up that a run may never call, loaded on first use instead.

spaCy imports its command line, and with it the HTTP libraries its model download uses
(requests, and httpx through weasel); textstat imports NLTK for a copy of the CMU dictionary
that loveaudit replaces with the installed one (see syllables.py); web.py needs urllib3 only
when a URL is audited. Together they were a third of a second on every run, and loading
urllib3 opens a socket (it probes for IPv6), although a files-only audit must not touch the
network. `defer` puts a stand-in for each such module in `sys.modules`: whoever imports it
gets the stand-in, and the real module is imported the first time anything on it is read,
so code that does use it works unchanged.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

# spaCy's downloads (requests; httpx through weasel), NLTK (through textstat), and the HTTP
# client web.py fetches pages with
DEFERRED = ("requests", "httpx", "nltk", "urllib3")


class _StandIn(types.ModuleType):
    """Stands for a module until something on it is read, then is the real module's door."""

    def __getattr__(self, attribute: str) -> object:
        # only reached for what the stand-in lacks, i.e. anything of the real module's
        name = self.__name__
        if sys.modules.get(name) is self:
            sys.modules.pop(name, None)
        real = importlib.import_module(name)
        return getattr(real, attribute)


def defer(*names: str) -> None:
    """Stand in for each module not imported yet (a process that already uses one keeps it)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:  # not installed: an import of it fails as it would have
            continue
        stand_in = _StandIn(name, f"{name}, imported when first used (loveaudit)")
        stand_in.__spec__ = spec  # what importlib asks of a module in sys.modules
        # what a walk over sys.modules reads of each (inspect.getmodule), so it does not
        # load them all; not __path__, whose reading imports the real package before any
        # of its submodules
        stand_in.__file__ = spec.origin
        sys.modules[name] = stand_in


defer(*DEFERRED)  # on import: loveaudit/__init__.py imports this module first of all
