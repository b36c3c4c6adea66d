"""What every page form shares (app.forms.PageForm): WTForms' own messages in the reader's
language, and every form of the app built on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Regexp

from app.forms import BUILT_IN_MESSAGES, PageForm


class Sample(PageForm):
    name = StringField("name", validators=[DataRequired(), Length(min=3, max=5)])
    code = StringField("code", validators=[Regexp(r"^[0-9]+$")])
    count = IntegerField("count", validators=[NumberRange(min=1, max=9)])
    kind = SelectField("kind", choices=[SelectChoice("a", "A")])


def errors_for(app: Flask, language: str, data: dict[str, str]) -> dict[str, list[str]]:
    with app.test_request_context(f"/?lang={language}", method="POST", data=data):
        form = Sample(meta={"csrf": False})
        form.validate()
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "vi",
            {
                "name": ["Cần điền ô này."],
                "code": ["Giá trị không hợp lệ."],
                "count": ["Cần một số nguyên.", "Số phải từ 1 đến 9."],
                "kind": ["Lựa chọn không hợp lệ."],
            },
        ),
        (
            "en",
            {
                "name": ["This field is required."],
                "code": ["Invalid input."],
                "count": ["Not a valid integer value.", "Number must be between 1 and 9."],
                "kind": ["Not a valid choice."],
            },
        ),
    ],
)
def test_wtforms_messages_in_the_readers_language(
    app: Flask, language: str, expected: dict[str, list[str]]
) -> None:
    data = {"name": "", "code": "12a", "count": "x", "kind": "z"}
    assert errors_for(app, language, data) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Cần từ 3 đến 5 ký tự."), ("en", "Field must be between 3 and 5 characters long.")],
)
def test_lengths_are_counted_in_the_message(app: Flask, language: str, expected: str) -> None:
    assert errors_for(app, language, {"name": "ab"})["name"] == [expected]


def test_every_message_keeps_the_placeholders_of_wtforms() -> None:
    """WTForms fills the text it gets back with its own values: the same %(name)s must be in it."""
    for source, text in BUILT_IN_MESSAGES.items():
        placeholders = sorted(p for p in source.split("%(")[1:])
        ours = sorted(p for p in text._args[0].split("%(")[1:])
        assert [p.split(")")[0] for p in placeholders] == [p.split(")")[0] for p in ours], source


def test_every_page_form_derives_from_page_form(app: Flask) -> None:
    """Every form class under app/ derives from PageForm, not FlaskForm directly (else its
    messages are English on Vietnamese pages and a lost session loses what was typed)."""
    root = Path(app.root_path)
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name != PageForm.__name__:
                bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
                if FlaskForm.__name__ in bases:
                    offenders.append(f"{path.relative_to(root)}: {node.name}")
    assert not offenders, f"derive these from app.forms.PageForm: {offenders}"
