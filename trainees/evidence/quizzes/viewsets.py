"""Quizzes in the Wagtail admin: authoring quizzes and their question banks, and
reading the attempts; each institution sees only its own courses' quizzes."""

from functools import reduce
from operator import or_

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSetGroup

from courses.models import CoursePage, LessonPage
from lms.scoping import ScopedModelViewSet
from trainees.evidence.quizzes.grading import check_choices
from trainees.evidence.quizzes.models import Attempt, Question, Quiz


class QuizForm(WagtailAdminModelForm):
    """Offers only the courses (and their lessons) the author may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        courses = CoursePage.objects.in_scope(self.for_user)
        self.fields["course"].queryset = courses
        paths = courses.values_list("path", flat=True)
        within = reduce(or_, (Q(path__startswith=path) for path in paths), Q(pk=None))
        self.fields["lesson"].queryset = LessonPage.objects.filter(within)


class QuestionForm(WagtailAdminModelForm):
    """Offers only the author's quizzes, and checks the choices fit the kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = Quiz.objects.in_scope(self.for_user)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid():
            return cleaned
        correct = [
            form.cleaned_data.get("is_correct", False)
            for form in formset.forms
            if form.cleaned_data
            and form.cleaned_data.get("text")
            and not form.cleaned_data.get("DELETE")
        ]
        try:
            check_choices(cleaned.get("kind", ""), correct)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


def _courses(request):
    return CoursePage.objects.in_scope(request.user)


def _quizzes(request):
    return Quiz.objects.in_scope(request.user)


# The filters offer only what the user may see: a plain list_filter on a foreign
# key would list every institution's courses and quizzes.
class QuizFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=_("course"), queryset=_courses)

    class Meta:
        model = Quiz
        fields = ["course", "published", "required_for_completion"]


class QuestionFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(label=_("quiz"), queryset=_quizzes)

    class Meta:
        model = Question
        fields = ["quiz", "kind"]


class AttemptFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(label=_("quiz"), queryset=_quizzes)

    class Meta:
        model = Attempt
        fields = ["quiz", "passed", "status"]


class KeepAnsweredDeleteView(ScopedModelViewSet.delete_view_class):
    """What trainees have answered stays: refuse with a message, not an error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "Trainees have already answered this; it is kept with their "
                    "results. Close the quiz to trainees instead."
                ),
            )
            return redirect(self.index_url_name)


class QuizViewSet(ScopedModelViewSet):
    model = Quiz
    icon = "list-ul"
    menu_label = _("Quizzes")
    delete_view_class = KeepAnsweredDeleteView
    list_display = [
        "title",
        "course",
        "lesson",
        "max_attempts",
        "pass_mark",
        "required_for_completion",
        "published",
    ]
    filterset_class = QuizFilterSet
    search_fields = ["title", "course__title"]
    list_export = [
        "title",
        "course",
        "lesson",
        "draw_count",
        "time_limit_minutes",
        "max_attempts",
        "pass_mark",
        "show_answers",
        "required_for_completion",
        "published",
    ]
    export_filename = "quizzes"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("course"), FieldPanel("lesson")]),
            FieldPanel("title"),
            FieldPanel("instructions"),
            FieldRowPanel([FieldPanel("draw_count"), FieldPanel("time_limit_minutes")]),
            FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("pass_mark")]),
            FieldPanel("show_answers"),
            FieldPanel("required_for_completion"),
            FieldPanel("published"),
        ],
        base_form_class=QuizForm,
    )


class QuestionViewSet(ScopedModelViewSet):
    """The question bank (题库): each question with its choices."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    delete_view_class = KeepAnsweredDeleteView
    list_display = ["__str__", "quiz", "kind"]
    filterset_class = QuestionFilterSet
    search_fields = ["text", "quiz__title"]
    list_export = ["quiz", "kind", "text", "explanation"]
    export_filename = "questions"
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("quiz"), FieldPanel("kind")]),
            FieldPanel("text"),
            InlinePanel("choices", heading=_("Choices"), min_num=2),
            FieldPanel("explanation"),
        ],
        base_form_class=QuestionForm,
    )


class AttemptViewSet(ScopedModelViewSet):
    """Trainees' attempts: read only, graded by the server."""

    model = Attempt
    icon = "tick-inverse"
    menu_label = _("Attempts")
    list_display = [
        "user",
        "quiz",
        "number",
        "status",
        "score_percent",
        "passed",
        "closed_at",
    ]
    filterset_class = AttemptFilterSet
    search_fields = ["user__email", "user__username", "quiz__title"]
    list_export = [
        "user",
        "quiz",
        "quiz.course",
        "number",
        "status",
        "started_at",
        "closed_at",
        "question_count",
        "correct_count",
        "score_percent",
        "passed",
    ]
    export_filename = "quiz-attempts"
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "quiz",
        "number",
        "status",
        "started_at",
        "deadline",
        "closed_at",
        "question_count",
        "correct_count",
        "score_percent",
        "passed",
    ]
    copy_view_enabled = False
    form_fields: list[str] = []


class QuizzesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "list-ul"
    menu_order = 225
    items = (
        QuizViewSet("quiz-admin"),
        QuestionViewSet("quiz-questions"),
        AttemptViewSet("quiz-attempts"),
    )
