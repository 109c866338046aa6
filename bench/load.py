"""A bounded asyncio HTTP/1.1 load generator for loopback (no third-party client needed).

A fixed number of concurrent clients send GET requests for a fixed time; each
request opens a connection and reads the whole response (`Connection: close`,
as gunicorn's sync workers do not keep connections alive).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bench.common import pct


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    queries: set[int] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    def summary(self) -> dict:
        return {"requests": len(self.latencies), "per_second": self.ok / self.seconds,
                "p50_ms": pct(self.latencies, 50) * 1000, "p95_ms": pct(self.latencies, 95) * 1000,
                "statuses": self.statuses, "queries": sorted(self.queries)}


async def fetch(port: int, path: str) -> tuple[int, int | None]:
    """One GET; returns (status, X-Queries or None)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1]) if head and len(head[0].split()) > 1 else 0
    queries = None
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "x-queries":
            queries = int(value.strip())
    return status, queries


async def request(port: int, method: str, path: str, *, headers: dict | None = None,
                  body: bytes = b"", timeout: float = 30.0) -> tuple[int, list, bytes]:
    """One request of any method; returns (status, [(header, value)], body)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in (headers or {}).items())]

    async def go():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        data = await reader.read()
        writer.close()
        return data

    data = await asyncio.wait_for(go(), timeout)
    head, _, content = data.partition(b"\r\n\r\n")
    first, *rest = head.decode("latin-1").split("\r\n")
    status = int(first.split()[1]) if len(first.split()) > 1 else 0
    pairs = [(n.strip().lower(), v.strip()) for n, _, v in (line.partition(":") for line in rest)]
    return status, pairs, content


async def _client(port: int, path: str, deadline: float, load: Load) -> None:
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        try:
            status, queries = await fetch(port, path)
        except OSError:
            status, queries = 0, None
        load.latencies.append(time.perf_counter() - began)
        load.statuses[status] = load.statuses.get(status, 0) + 1
        if queries is not None:
            load.queries.add(queries)


async def _run(port: int, path: str, clients: int, seconds: float) -> Load:
    load = Load()
    began = time.perf_counter()
    deadline = began + seconds
    await asyncio.gather(*(_client(port, path, deadline, load) for _ in range(clients)))
    load.seconds = time.perf_counter() - began
    return load


def hammer(port: int, path: str, clients: int, seconds: float) -> Load:
    return asyncio.run(_run(port, path, clients, seconds))


def sequential(port: int, path: str, count: int) -> Load:
    """Requests one after another: render time without queueing."""

    async def run() -> Load:
        load = Load()
        began = time.perf_counter()
        for _ in range(count):
            t = time.perf_counter()
            status, queries = await fetch(port, path)
            load.latencies.append(time.perf_counter() - t)
            load.statuses[status] = load.statuses.get(status, 0) + 1
            if queries is not None:
                load.queries.add(queries)
        load.seconds = time.perf_counter() - began
        return load

    return asyncio.run(run())
