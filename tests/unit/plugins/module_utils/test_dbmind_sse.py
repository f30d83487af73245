# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import Interaction, check_session, sse_events
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError

STREAM = ('data:{"data":[{"content":"工具匹配中...","type":"progress"}],"success":true}\n\n'
          'data:{"data":[{"color":"black","content":"推荐的索引如下表所示：","type":"str"},'
          '{"content":{"headers":["索引描述","预计提升"],"rows":[["CREATE INDEX i ON t(id);","99.91%"]]},"type":"table"}],'
          '"success":true}\n\n'
          'data:{"data":[{"content":"DONE","type":"progress"}],"success":true}\n\n').encode()


def split(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, len(STREAM)])
def test_events_survive_any_chunking_even_inside_utf8_characters(size):
    events = list(sse_events(split(STREAM, size)))
    assert len(events) == 3
    assert json.loads(events[0])["data"][0]["content"] == "工具匹配中..."


def test_events_are_yielded_as_soon_as_they_are_complete():
    chunks = iter([b'data:{"a":1}\n', b'\n', b'data:{"b"'])
    events = sse_events(chunks)
    assert next(events) == '{"a":1}'


def test_crlf_blank_lines_comments_and_multiline_data():
    raw = b'\r\n\r\n: keep-alive\r\ndata: first\r\ndata: second\r\n\r\nevent: x\ndata:{"c":3}\n\n\n\n'
    assert list(sse_events([raw])) == ["first\nsecond", '{"c":3}']


def test_a_last_event_without_its_blank_line_is_still_read():
    assert list(sse_events([b'data:{"a":1}\n\ndata:{"b":2}'])) == ['{"a":1}', '{"b":2}']


def test_interaction_collects_progress_messages_tables_and_done():
    answer = Interaction()
    for event in sse_events([STREAM]):
        answer.add(event)
    result = answer.result()
    assert result["progress"] == ["工具匹配中..."] and result["done"] is True
    assert result["messages"] == ["推荐的索引如下表所示："]
    assert result["tables"][0]["records"] == [{"索引描述": "CREATE INDEX i ON t(id);", "预计提升": "99.91%"}]


@pytest.mark.parametrize("event, words", [
    ('{"data":[{"content":"大模型服务异常","type":"str"}],"success":true}', "大模型服务异常"),
    ('{"msg":"Internal server error.","success":false}', "Internal server error."),
    ("not json", "not JSON"),
])
def test_failures_in_the_stream_are_errors(event, words):
    with pytest.raises(ApiError, match=words):
        Interaction().add(event)


@pytest.mark.parametrize("params, words", [
    (dict(user_id="a", session_id="s1"), "user_id must be 2 to 120 letters, digits or '_'"),
    (dict(user_id="ok_1", session_id="bad-id"), "session_id must be 2 to 120"),
    (dict(user_id="ok_1"), "required together"),
])
def test_session_ids_are_checked(params, words):
    with pytest.raises(UserError, match=words):
        check_session(params)
