import asyncio
def test_sleep(qt_event_loop, qtbot):
    async def f():
        await asyncio.sleep(0.01)
        return 5
    t = qt_event_loop.create_task(f())
    qtbot.waitUntil(t.done, timeout=3000)
    assert t.result() == 5

def test_http(qt_event_loop, qtbot, relay):
    import httpx
    async def f():
        async with httpx.AsyncClient() as c:
            r = await c.get(relay.base_url + "/models")
            return r.status_code
    t = qt_event_loop.create_task(f())
    qtbot.waitUntil(t.done, timeout=5000)
    assert t.result() == 200
