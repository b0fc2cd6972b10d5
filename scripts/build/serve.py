"""`make serve`'s file watcher: MkDocs polls the watched folders every 0.5 s, so an edit waited a
quarter of a second on average before the rebuild began. Polling every 0.1 s costs little (the
watched folders hold a few hundred files) and keeps polling, which works where file-system
notifications do not (network and container mounts). A poll reports a save's changes at once, so
the rebuild starts after 0.05 s without more (MkDocs waits 0.1 s); changes a later poll finds make
another rebuild, as before.
"""
import logging

from watchdog.observers.polling import PollingObserver

POLL_SECONDS = 0.1
QUIET_SECONDS = 0.05
log = logging.getLogger("mkdocs.hooks")


def poll_often(server):
    """Move ``server``'s watches (mkdocs.livereload.LiveReloadServer, not yet serving) to an
    observer polling every POLL_SECONDS, and rebuild after QUIET_SECONDS without a change. Leaves
    MkDocs' own watcher if its internals changed."""
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or server.observer.is_alive():
        log.warning("serve: MkDocs' file watcher is not as expected; it polls at its own pace")
        return server
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = QUIET_SECONDS
    return server
