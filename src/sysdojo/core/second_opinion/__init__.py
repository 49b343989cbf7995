"""An optional second opinion on a debrief from an LLM behind an OpenAI-compatible API.

    config = LlmConfig(url="http://127.0.0.1:11434/v1", model="llama3.1")
    messages = prompt_build(case_title=..., debrief=debrief.to_dict(), answer=answer_text)
    text = chat_complete(config, messages)      # the first choice's content, or SysdojoError

Pure Python (stdlib urllib only). Every failure is one SysdojoError with a one-line message that
never contains the API key. The request is deterministic: temperature 0.
"""

from sysdojo.core.second_opinion.client import LlmConfig, chat_complete, second_opinion
from sysdojo.core.second_opinion.prompt import prompt_build

__all__ = ["LlmConfig", "chat_complete", "prompt_build", "second_opinion"]
