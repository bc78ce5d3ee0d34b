"""The service on several processes: PostgreSQL, Redis, N Rasa servers, M action servers and gateways, nginx.

``python -m bot serve --scale`` runs it on one machine (``docs/deploy.md`` spreads the same parts over
several). PostgreSQL and Redis are started here, from Debian's packages, unless ``DATABASE_URL`` and
``REDIS_URL`` name servers of their own. Rasa server *i* calls action server *i mod M*; every gateway knows
every Rasa server (a conversation goes to one by a hash of its id), and nginx spreads customers and staff
over the gateways, websockets included. Everything listens on loopback; only the balancer's port is for people.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.rasa.stack import Stack, free_port, rasa_token
from bot.settings import Settings

Spawner = Callable[[], subprocess.Popen[bytes]]


def binary(name: str, package: str) -> str:
    """A server program of Debian's packages (PostgreSQL's under /usr/lib/postgresql/VERSION/bin).

    Raises:
        FileNotFoundError: not installed; the message names the package.
    """
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) if package == "postgresql" else []
    path = found[-1] if found else shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}")
                                                           else None)  # fmt: skip
    if path is None:
        raise FileNotFoundError(f"{name} is not installed. Fix: apt-get install {package} (scripts/serve --scale does)")
    return path


def as_owner(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as Debian's 'postgres' user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def postgres_data(var_dir: Path) -> Path:
    """Where the local PostgreSQL keeps its cluster: ``var/postgres``; as root, a folder of the 'postgres' user.

    PostgreSQL will not run as root, and its user cannot enter ``var`` (the service user's alone), so a root
    service keeps its cluster under /var/lib/postgresql/concierge/, named by an id kept in ``var/postgres.id``:
    a new var directory (a new data key) gets a new cluster, never one written with another key.
    """
    if os.geteuid() != 0:
        return var_dir / "postgres"
    marker = var_dir / "postgres.id"
    if not marker.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text(uuid.uuid4().hex)
    return Path("/var/lib/postgresql/concierge") / marker.read_text().strip()


def init_postgres(data: Path) -> None:
    """Create the cluster once (trust on loopback only; the superuser is 'concierge')."""
    if (data / "PG_VERSION").exists():
        return
    data.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        for path in (data.parent, data):
            shutil.chown(path, "postgres")
    os.chmod(data, 0o700)
    subprocess.run(as_owner([binary("initdb", "postgresql"), "-D", str(data), "-A", "trust", "-U", "concierge",
                             "-E", "UTF8"]), check=True, capture_output=True)  # fmt: skip


def nginx_conf(listen: int, gateways: list[int], prefix: Path) -> str:
    """The balancer: customers and staff spread over the gateways, websockets passed through, no disk buffers."""
    upstream = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in gateways)
    return f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  client_max_body_size 64k;
  client_body_buffer_size 64k;   # bodies stay in memory: the workers never write to disk
  proxy_max_temp_file_size 0;
  upstream gateways {{
{upstream}
  }}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  server {{
    listen 127.0.0.1:{listen};
    location / {{
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 3600s;
      proxy_next_upstream error timeout http_502;
    }}
  }}
}}
"""


@dataclass
class Deployment:
    """The processes of a scaled deployment and how to start each (``Supervisor`` keeps them running).

    ``settings`` name the PostgreSQL database and the Redis server (``local_servers`` starts both when
    they are local ones).
    """

    settings: Settings
    models_dir: Path
    rasa_count: int = 2
    gateway_count: int = 2
    port: int = 8080
    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)
    gateway_ports: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rasa_ports = self.rasa_ports or [free_port() for _ in range(self.rasa_count)]
        self.action_ports = self.action_ports or [free_port() for _ in range(self.gateway_count)]
        self.gateway_ports = self.gateway_ports or [free_port() for _ in range(self.gateway_count)]

    @property
    def url(self) -> str:
        """Where customers and staff reach the service: the balancer."""
        return f"http://127.0.0.1:{self.port}"

    def _stack(self, i: int) -> Stack:
        """Rasa server ``i`` with the action server it calls (and gateway ``i``, if there is one)."""
        return Stack(self.settings, self.models_dir, rasa_port=self.rasa_ports[i % self.rasa_count],
                     action_port=self.action_ports[i % self.gateway_count], suffix=f"-{i + 1}")  # fmt: skip

    def _gateway_env(self) -> dict[str, str]:
        return {"CONCIERGE_PUBLIC_URL": os.environ.get("CONCIERGE_PUBLIC_URL") or self.url,
                "CONCIERGE_TRUSTED_PROXIES": "127.0.0.1"}  # fmt: skip

    def _gateway(self, j: int) -> Spawner:
        rasa = ",".join(f"http://127.0.0.1:{port}" for port in self.rasa_ports)
        actions = ",".join(f"http://127.0.0.1:{self.action_ports[i % self.gateway_count]}"
                           for i in range(self.rasa_count))  # fmt: skip
        args = ["-m", "bot", "web", "--port", str(self.gateway_ports[j]), "--rasa-url", rasa, "--actions-url", actions]
        stack = self._stack(j)
        return lambda: stack.spawn("web", [sys.executable, *args], env=self._gateway_env())

    def _balancer(self) -> Spawner:
        prefix = self.settings.var_dir / "nginx"
        conf = prefix / "nginx.conf"
        stack = Stack(self.settings, self.models_dir)  # its log folder and environment

        def start() -> subprocess.Popen[bytes]:
            prefix.mkdir(parents=True, exist_ok=True)
            conf.write_text(nginx_conf(self.port, self.gateway_ports, prefix))
            return stack.spawn("nginx", [binary("nginx", "nginx"), "-p", str(prefix), "-c", str(conf)])

        return start

    def spawners(self) -> dict[str, Spawner]:
        """Action servers, Rasa servers, gateways and the balancer, by name."""
        spawners: dict[str, Spawner] = {}
        for j in range(self.gateway_count):
            spawners[f"actions-{j + 1}"] = self._stack(j).start_actions
        for i in range(self.rasa_count):
            spawners[f"rasa-{i + 1}"] = self._stack(i).start_rasa
        for j in range(self.gateway_count):
            spawners[f"web-{j + 1}"] = self._gateway(j)
        spawners["nginx"] = self._balancer()
        return spawners

    def health_urls(self) -> dict[str, str]:
        """Where each process answers when it is up."""
        urls = {f"actions-{j + 1}": f"http://127.0.0.1:{p}/health" for j, p in enumerate(self.action_ports)}
        urls.update({f"rasa-{i + 1}": f"http://127.0.0.1:{p}/" for i, p in enumerate(self.rasa_ports)})
        urls.update({f"web-{j + 1}": f"http://127.0.0.1:{p}/health" for j, p in enumerate(self.gateway_ports)})
        urls["nginx"] = f"{self.url}/health"
        return urls

    def ready(self) -> bool:
        """Whether every Rasa server has its model, and every other part answers its health check."""
        token = rasa_token(self.settings.var_dir)
        rasa_ok = all(Stack(self.settings, self.models_dir, rasa_port=p, token=token).rasa_ready()
                      for p in self.rasa_ports)  # fmt: skip
        others = [url for name, url in self.health_urls().items() if not name.startswith("rasa")]
        return rasa_ok and all(Stack.answers(url) for url in others)

    def wait_ready(self, check: Callable[[], object], timeout: float = 600) -> None:
        """Block until every part answers, calling ``check`` (the supervisor's) meanwhile."""
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                logs = self.settings.var_dir / "logs"
                raise TimeoutError(f"the deployment is not ready after {timeout:.0f}s; see {logs}")
            check()
            time.sleep(0.5)


@dataclass
class LocalDatabases:
    """PostgreSQL and Redis on this machine, for a deployment whose environment names neither."""

    var_dir: Path
    postgres: bool = True
    redis: bool = True
    postgres_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)

    @property
    def database_url(self) -> str:
        """The service's database on the local PostgreSQL."""
        return f"postgresql://concierge@127.0.0.1:{self.postgres_port}/concierge"

    @property
    def redis_url(self) -> str:
        """The local Redis."""
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def health_urls(self) -> dict[str, str]:
        """Each answers when it accepts a connection."""
        urls = {"postgres": f"tcp://127.0.0.1:{self.postgres_port}"} if self.postgres else {}
        return urls | ({"redis": f"tcp://127.0.0.1:{self.redis_port}"} if self.redis else {})

    def spawners(self, stack: Stack) -> dict[str, Spawner]:
        """How to start each (``stack`` gives the log folder)."""
        spawners: dict[str, Spawner] = {}
        if self.postgres:
            data = postgres_data(self.var_dir)
            init_postgres(data)
            owner = "postgres" if os.geteuid() == 0 else None  # PostgreSQL will not run as root
            spawners["postgres"] = lambda: stack.spawn("postgres", [
                binary("postgres", "postgresql"), "-D", str(data), "-p", str(self.postgres_port), "-k", str(data),
                "-c", "listen_addresses=127.0.0.1"], user=owner)  # fmt: skip
        if self.redis:
            folder = self.var_dir / "redis"
            folder.mkdir(parents=True, exist_ok=True)
            # Leases, locks and pub/sub only: nothing in it outlives a restart, so nothing is saved to disk.
            spawners["redis"] = lambda: stack.spawn("redis", [
                binary("redis-server", "redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(folder)])  # fmt: skip
        return spawners

    def wait_ready(self, check: Callable[[], object], timeout: float = 120) -> None:
        """Block until both answer (``check``: the supervisor's), and create the service's database once."""
        import psycopg2
        import redis

        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.postgres:
                    server = psycopg2.connect(self.database_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2)
                    server.autocommit = True
                    with server.cursor() as cursor:
                        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'concierge'")
                        if cursor.fetchone() is None:
                            cursor.execute("CREATE DATABASE concierge")
                    server.close()
                if self.redis:
                    redis.Redis.from_url(self.redis_url, socket_connect_timeout=2).ping()
                return
            except (psycopg2.Error, redis.RedisError, OSError):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"PostgreSQL or Redis did not start; see {self.var_dir}/logs") from None
                check()
                time.sleep(0.3)
