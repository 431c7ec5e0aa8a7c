"""The consultation's lifecycle and its input, through the services: each transition
checks its source state and who acts, and writes one audit row on the consultation."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.consultations import services
from naptrack.consultations.models import Comment
from naptrack.core.selectors import activities_for
from naptrack.registry.choices import PlanStatus, Publication
from tests.consultations.conftest import TODAY, prepare
from tests.factories.plans import ActionFactory

VISITOR = AnonymousUser()


def verbs(consultation) -> list[str]:
    return list(activities_for(consultation).order_by("id").values_list("verb", flat=True))


def post(actor, consultation, text="Ask rural women too.", **kwargs):
    return services.comment_post(actor=actor, consultation=consultation, text=text, **kwargs)


# ---- The consultation --------------------------------------------------------------------


def test_create_keeps_questions_and_languages_and_records_it(draft_consultation):
    assert draft_consultation.state == "draft"
    assert [q.text for q in draft_consultation.questions.all()] == [
        "What is missing?",
        "Which action matters most to you?",
    ]
    assert draft_consultation.languages == ["en", "sw"]
    assert verbs(draft_consultation) == ["consultation.created"]


def test_create_refuses_unknown_language_naming_it(kenya_coordinator, consultation_plan):
    with pytest.raises(ValidationError) as error:
        prepare(kenya_coordinator, consultation_plan, languages=["en", "xx"])
    assert "xx" in str(error.value.message_dict["languages"])


def test_create_accepts_iso_639_1_codes_beyond_the_site_languages(
    kenya_coordinator, consultation_plan
):
    assert prepare(
        kenya_coordinator, consultation_plan, languages=["SW", " so ", "sw"]
    ).languages == ["sw", "so"]


def test_create_refuses_an_adopted_plan(kenya_coordinator, consultation_plan):
    consultation_plan.status = PlanStatus.ADOPTED
    consultation_plan.save()
    with pytest.raises(ValidationError) as error:
        prepare(kenya_coordinator, consultation_plan)
    assert "plan" in error.value.message_dict


def test_create_refuses_dates_out_of_order(kenya_coordinator, consultation_plan):
    with pytest.raises(ValidationError) as error:
        prepare(kenya_coordinator, consultation_plan, closes_on=TODAY - datetime.timedelta(days=1))
    assert "closes_on" in error.value.message_dict


def test_create_by_invitation_needs_organizations(kenya_coordinator, consultation_plan):
    with pytest.raises(ValidationError) as error:
        prepare(kenya_coordinator, consultation_plan, participation="invited")
    assert "invited_organizations" in error.value.message_dict


@pytest.mark.parametrize("who", ["uganda_coordinator", "moderator", "invited_cso_member"])
def test_only_the_plan_owners_coordinators_prepare(request, consultation_plan, who):
    with pytest.raises(PermissionDenied):
        prepare(request.getfixturevalue(who), consultation_plan)


def test_update_only_while_prepared(kenya_coordinator, consultation):
    with pytest.raises(ValidationError, match="only one being prepared"):
        services.consultation_update(
            actor=kenya_coordinator,
            consultation=consultation,
            title="New title",
            opens_on=TODAY,
            closes_on=TODAY,
        )


def test_update_replaces_questions_and_records_changed_fields(
    kenya_coordinator, draft_consultation
):
    services.consultation_update(
        actor=kenya_coordinator,
        consultation=draft_consultation,
        title="A new title",
        opens_on=draft_consultation.opens_on,
        closes_on=draft_consultation.closes_on,
        languages=["en"],
        questions=["Only one question?"],
    )
    assert [q.text for q in draft_consultation.questions.all()] == ["Only one question?"]
    changes = activities_for(draft_consultation).first().changes
    assert set(changes) == {"title", "description", "languages"}


def test_lifecycle_open_close_report_each_recorded(
    kenya_coordinator, consultation, consultation_structure
):
    comment = post(None, consultation, part=consultation_structure["1.1"])
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    services.comment_answer(
        actor=kenya_coordinator,
        comment=comment,
        outcome="accepted",
        text="Added to 1.1.",
        action=consultation_structure["1.1"],
    )
    reported = services.consultation_report_publish(
        actor=kenya_coordinator, consultation=consultation, summary="Two actions changed."
    )
    assert reported.state == "reported"
    assert verbs(consultation) == [
        "consultation.created",
        "consultation.open",
        "consultation.comment.posted",
        "consultation.closed",
        "consultation.comment.answered",
        "consultation.reported",
    ]


def test_each_transition_checks_its_source_state(kenya_coordinator, draft_consultation):
    with pytest.raises(ValidationError, match="only an open one"):
        services.consultation_close(actor=kenya_coordinator, consultation=draft_consultation)
    with pytest.raises(ValidationError, match="close it before"):
        services.consultation_report_publish(
            actor=kenya_coordinator, consultation=draft_consultation, summary="x"
        )
    services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)
    with pytest.raises(ValidationError, match="only one being prepared"):
        services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)


def test_open_needs_the_plan_public(kenya_coordinator, consultation_plan, draft_consultation):
    consultation_plan.publication = Publication.DRAFT
    consultation_plan.save()
    with pytest.raises(ValidationError, match="Publish the plan first"):
        services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)


def test_report_needs_every_visible_comment_answered(kenya_coordinator, moderator, consultation):
    post(None, consultation)
    spam = post(None, consultation, text="Buy cheap watches")
    services.comment_hide(actor=moderator, comment=spam, reason="Spam")
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    with pytest.raises(ValidationError, match="1 still without an answer"):
        services.consultation_report_publish(
            actor=kenya_coordinator, consultation=consultation, summary="Done."
        )


def test_report_needs_a_summary(kenya_coordinator, consultation):
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    with pytest.raises(ValidationError) as error:
        services.consultation_report_publish(
            actor=kenya_coordinator, consultation=consultation, summary="  "
        )
    assert "summary" in error.value.message_dict


# ---- Input -------------------------------------------------------------------------------


def test_visitor_comments_anonymously_on_an_action(consultation, consultation_structure):
    comment = post(
        None, consultation, part=consultation_structure["1.2"], contact_email="a@example.org"
    )
    assert comment.action == consultation_structure["1.2"]
    assert comment.part_label == "1.2 Quota in county committees"
    assert comment.author is None and comment.public_byline == "Anonymous participant"
    assert activities_for(consultation).first().changes == {
        "comment": {"before": None, "after": comment.pk},
        "identity": "anonymous",
    }


def test_visitor_cannot_comment_under_a_name(consultation):
    with pytest.raises(ValidationError, match="Sign in"):
        post(VISITOR, consultation, identity="named")


def test_named_comment_needs_a_display_name(consultation, invited_cso_member, signed_in_person):
    with pytest.raises(ValidationError, match="display name"):
        post(invited_cso_member, consultation, identity="named")
    assert post(signed_in_person, consultation, identity="named").public_byline == "Grace Named"


def test_comment_on_another_plans_action_is_refused(consultation):
    elsewhere = ActionFactory()
    with pytest.raises(ValidationError) as error:
        post(None, consultation, part=elsewhere)
    assert "action" in error.value.message_dict
    assert not Comment.objects.exists()


def test_answer_to_a_question(consultation):
    question = consultation.questions.get(position=1)
    comment = post(None, consultation, part=question)
    assert comment.question == question and comment.part_label == "What is missing?"


@pytest.mark.parametrize("state", ["draft", "closed"])
def test_no_input_unless_open(kenya_coordinator, draft_consultation, state):
    if state == "closed":
        services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)
        services.consultation_close(actor=kenya_coordinator, consultation=draft_consultation)
    with pytest.raises(ValidationError, match="not taking input"):
        post(None, draft_consultation)


def test_no_input_after_the_closing_day(kenya_coordinator, consultation):
    consultation.closes_on = consultation.opens_on = TODAY - datetime.timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationError, match="not taking input"):
        post(None, consultation)


def test_invited_participation(
    kenya_coordinator,
    consultation_plan,
    consultation_structure,
    invited_org,
    invited_cso_member,
    other_cso_member,
):
    draft = prepare(
        kenya_coordinator,
        consultation_plan,
        participation="invited",
        invited_organizations=[invited_org],
    )
    consultation = services.consultation_open(actor=kenya_coordinator, consultation=draft)
    assert post(invited_cso_member, consultation).author == invited_cso_member
    for outsider in (None, other_cso_member, kenya_coordinator):
        with pytest.raises(PermissionDenied):
            post(outsider, consultation)


def test_signed_in_participation_refuses_visitors(
    kenya_coordinator, consultation_plan, consultation_structure, invited_cso_member
):
    draft = prepare(kenya_coordinator, consultation_plan, participation="signed_in")
    consultation = services.consultation_open(actor=kenya_coordinator, consultation=draft)
    with pytest.raises(PermissionDenied):
        post(None, consultation)
    assert post(invited_cso_member, consultation).pk


def test_support_once_not_own_and_signed_in(consultation, invited_cso_member, signed_in_person):
    comment = post(invited_cso_member, consultation)
    with pytest.raises(PermissionDenied):
        services.comment_support(actor=invited_cso_member, comment=comment)
    with pytest.raises(PermissionDenied):
        services.comment_support(actor=VISITOR, comment=comment)
    services.comment_support(actor=signed_in_person, comment=comment)
    with pytest.raises(ValidationError, match="already support"):
        services.comment_support(actor=signed_in_person, comment=comment)
    assert comment.supports.count() == 1
    assert verbs(consultation).count("consultation.comment.supported") == 1


def test_moderators_hide_and_restore_with_a_reason(moderator, kenya_coordinator, consultation):
    comment = post(None, consultation)
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=kenya_coordinator, comment=comment, reason="I dislike it")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=moderator, comment=comment, reason=" ")
    hidden = services.comment_hide(actor=moderator, comment=comment, reason="Names a victim")
    assert hidden.state == "hidden_by_moderator" and hidden.hidden_at
    with pytest.raises(ValidationError, match="already"):
        services.comment_hide(actor=moderator, comment=comment, reason="Again")
    with pytest.raises(PermissionDenied):  # nobody supports what the public cannot see
        services.comment_support(actor=moderator, comment=hidden)
    restored = services.comment_unhide(actor=moderator, comment=comment, reason="Name removed")
    assert restored.state == "visible" and restored.hidden_at is None


def test_answer_by_the_coordinators_only_and_changeable_until_reported(
    kenya_coordinator, uganda_coordinator, consultation, consultation_structure
):
    comment = post(None, consultation)
    with pytest.raises(PermissionDenied):
        services.comment_answer(
            actor=uganda_coordinator, comment=comment, outcome="accepted", text="Yes"
        )
    services.comment_answer(actor=kenya_coordinator, comment=comment, outcome="partly", text="Some")
    answer = services.comment_answer(
        actor=kenya_coordinator, comment=comment, outcome="not_accepted", text="Out of scope."
    )
    assert answer.outcome == "not_accepted"
    assert activities_for(consultation).first().changes["outcome"] == {
        "before": "partly",
        "after": "not_accepted",
    }
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    services.consultation_report_publish(
        actor=kenya_coordinator, consultation=consultation, summary="s"
    )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.comment_answer(
            actor=kenya_coordinator, comment=comment, outcome="accepted", text="y"
        )


def test_answer_checks_outcome_text_and_action(kenya_coordinator, consultation):
    comment = post(None, consultation)
    with pytest.raises(ValidationError) as error:
        services.comment_answer(actor=kenya_coordinator, comment=comment, outcome="maybe", text="x")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.comment_answer(actor=kenya_coordinator, comment=comment, outcome="partly", text="")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.comment_answer(
            actor=kenya_coordinator,
            comment=comment,
            outcome="accepted",
            text="x",
            action=ActionFactory(),
        )
    assert "action" in error.value.message_dict
