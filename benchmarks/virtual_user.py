"""A virtual user of Corredor at the websocket level, as a browser tab talks to Streamlit.

It asks for the app's HTML first (so the balancer sets its affinity cookie),
opens `/_stcore/stream` with that cookie, sends a rerun BackMsg for a page
and view (the URL's query string), and waits for `script_finished`. An
exception element shown by the page or an unsuccessful finish is an error.
Used by the replica end-to-end test and `benchmarks/bench_replicas.py`.
"""

from __future__ import annotations

import asyncio
import http.client
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

AFFINITY_COOKIE = "CORREDOR_REPLICA"
RUN_TIMEOUT_S = 60.0


class RunError(RuntimeError):
    """A page run that failed: an exception on the page, a bad finish, a closed connection."""


@dataclass
class VirtualUser:
    """One browser tab: its cookies (kept across reconnects) and its open websocket."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    websocket: object = None
    timeout: float = RUN_TIMEOUT_S  # seconds a page run may take

    @property
    def replica(self) -> str | None:
        """The replica the balancer's cookie names."""
        return self.cookies.get(AFFINITY_COOKIE)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _load_html(self) -> None:
        parts = urlsplit(self.base_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request("GET", "/", headers={"Cookie": self._cookie_header()} if self.cookies else {})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RunError(f"GET / answered {response.status}")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        finally:
            conn.close()

    async def connect(self) -> None:
        """Load the page and open its websocket (like opening or reloading the tab)."""
        await self.close()
        await asyncio.to_thread(self._load_html)
        ws_url = self.base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.websocket = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            origin=self.base_url.rstrip("/"),
            additional_headers={"Cookie": self._cookie_header()},
            max_size=None,
            open_timeout=30,
            ping_interval=None,  # a browser tab does not ping; a busy server must not be dropped for a late pong
        )

    async def run(self, page: str, query: str = "") -> float:
        """Run `page` with `query` (the view in the URL); seconds until script_finished."""
        if self.websocket is None:
            await self.connect()
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        started = time.perf_counter()
        try:
            await self.websocket.send(message.SerializeToString())
            errors = []
            while True:
                data = await asyncio.wait_for(self.websocket.recv(), self.timeout)
                forward = ForwardMsg()
                forward.ParseFromString(data)
                kind = forward.WhichOneof("type")
                if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    if forward.delta.new_element.WhichOneof("type") == "exception":
                        errors.append(forward.delta.new_element.exception.message)
                elif kind == "page_not_found":
                    errors.append(f"page not found: {page}")
                elif kind == "script_finished":
                    if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        errors.append(f"script finished with status {forward.script_finished}")
                    break
        except (websockets.ConnectionClosed, OSError, asyncio.TimeoutError) as err:
            self.websocket = None
            raise RunError(f"connection lost: {type(err).__name__}") from err
        if errors:
            raise RunError("; ".join(errors))
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.websocket is not None:
            try:
                await self.websocket.close()
            except Exception:  # already gone
                pass
            self.websocket = None
