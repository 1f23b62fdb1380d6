"""Conversations with the assistant, callback requests, and safeguarding flags raised from free text."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin


class ChatConversation(IdMixin, Base):
    """One visitor's conversation. No name, no IP address: only what the answers need."""

    __tablename__ = "chat_conversation"

    locale: Mapped[str] = mapped_column(String(8), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    last_topic: Mapped[str | None] = mapped_column(String(120))
    last_question: Mapped[str | None] = mapped_column(Text)
    misses: Mapped[int] = mapped_column(Integer, default=0)
    # How many messages it holds, so the next one's position needs no read of the whole conversation.
    message_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    messages: Mapped[list[ChatMessage]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="ChatMessage.position"
    )


class ChatMessage(IdMixin, Base):
    """A question (stored with personal details masked) or an answer."""

    __tablename__ = "chat_message"

    conversation_id: Mapped[str] = mapped_column(ForeignKey("chat_conversation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    intent: Mapped[str | None] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(120))
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    quick_replies: Mapped[list[str]] = mapped_column(JSON, default=list)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    note_language: Mapped[str | None] = mapped_column(String(10))
    helpful: Mapped[bool | None] = mapped_column(Boolean)

    conversation: Mapped[ChatConversation] = relationship(back_populates="messages")


class CallbackRequest(IdMixin, Base):
    """'Ask us to contact you': a person from the SEND team calls or e-mails back."""

    __tablename__ = "callback_request"

    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(255))
    preferred_time: Mapped[str | None] = mapped_column(String(40))
    about: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("chat_conversation.id", ondelete="SET NULL"))
    # Who asked, when they were signed in, so the request is in their "Your data" download.
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")  # "new", then "done" with an outcome
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The SEN team's 2-working-day clock (portal/chat/callbacks.py): London receipt date and the last day
    received_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    handled_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Each reminder (before the due day ends) and alert (after it) goes once
    reminded_on: Mapped[date | None] = mapped_column(Date)
    alerted_on: Mapped[date | None] = mapped_column(Date)
