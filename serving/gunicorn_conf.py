"""gunicorn's settings for `make serve` (``gunicorn -c serving/gunicorn_conf.py``).

- Threaded workers with a short keep-alive: an idle connection waits in the
  worker's poller, and a slow client holds one thread of ``THREADS``, so a few
  idle or slow clients never stop the others from being served. Beyond that, a
  buffering proxy in front (nginx; see the README) is what holds slow clients.
- A long request (an image export, bounded by ``EXPORT_TIMEOUT``) runs in its
  thread while the worker keeps answering gunicorn; a worker is replaced only
  when it stops answering for ``timeout`` seconds.
- The data and settings are checked once, before any worker starts: broken data
  prints one message and exits 2, as ``python dashboard.py run`` does."""

from __future__ import annotations

import os
import sys

from data.numerals import whole_number

wsgi_app = "dashboard:server"
worker_class = "serving.worker.SecureThreadWorker"
workers = whole_number(os.environ.get("WORKERS", "")) or 2
threads = whole_number(os.environ.get("THREADS", "")) or 64
keepalive = 2  # seconds an idle kept-alive connection is held
timeout = 150
graceful_timeout = 10
control_socket_disable = True


def on_starting(server) -> None:
    """Refuse to start on data or settings that the app would refuse."""
    from serving.startup import startup_problem

    if problem := startup_problem():
        print(problem, file=sys.stderr, flush=True)
        sys.exit(2)
