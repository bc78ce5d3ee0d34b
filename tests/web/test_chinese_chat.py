"""A Chinese chat through the gateway: greeted in the browser's language, answered, told of trouble, in Chinese."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from bot.context import Context
from bot.rasa.stack import Stack, free_port
from bot.web.app import create_app
from bot.web.keys import ASSISTANT
from tests.web.console import next_frame
from tests.web.test_customer_chat import assistant_says

pytestmark = pytest.mark.servers
Client = Callable[..., Awaitable[TestClient]]


async def test_a_browser_preferring_chinese_is_greeted_in_chinese_and_answered_in_chinese(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        welcome = await next_frame(socket, "welcome")
        assert (welcome["shop"], welcome["shop_zh"], welcome["language"]) == (
            "Golden Harbour Jewellery & Watches", "金港珠寶鐘錶", "en")  # fmt: skip
        await socket.send_json({"type": "open", "language": "zh"})
        greeting = await next_frame(socket, "line")
        assert greeting["text"].startswith("你好，歡迎來到金港珠寶鐘錶") and greeting["language"] == "zh"
        assert [b["title"] for b in greeting["buttons"]][:2] == ["營業時間", "我的訂單到了哪裏？"]
        await socket.send_json({"type": "message", "text": "換Seiko電池幾錢？"})
        answer = await assistant_says(socket)
        assert "HK$180" in answer["text"] and "電池" in answer["text"] and answer["language"] == "zh"
        await socket.send_json({"type": "message", "text": "金" * 2001})
        assert (await next_frame(socket, "error"))["text"] == "訊息太長了：請不要超過2,000個字。"
    async with client.ws_connect("/chat") as other:  # an English browser is greeted in English
        await other.send_json({"type": "hello"})
        await next_frame(other, "welcome")
        await other.send_json({"type": "open", "language": "en"})
        assert (await next_frame(other, "line"))["text"].startswith("Hello and welcome")


async def test_with_the_assistant_down_a_chinese_customer_gets_the_apology_in_chinese(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    app = create_app(stack_context, f"http://127.0.0.1:{free_port()}", retry_every=0.3)
    client = await aiohttp_client(app)
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        await next_frame(socket, "welcome")
        await socket.send_json({"type": "message", "text": "我隻錶維修單R-2031整好未？"})
        apology = await assistant_says(socket)
        assert apology["text"].startswith("抱歉，我暫時未能回覆。你的訊息已經保留")
        assert "+852 2888 1234" in apology["text"]
        app[ASSISTANT].url = stack.rasa_url  # the assistant is back: the kept line is answered, in Chinese
        answer = await assistant_says(socket)
        assert "R-2031" in answer["text"] and "維修" in answer["text"], answer["text"]
