from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import scope
from core.views import ScopedDetailView, ScopedListView
from org.forms import scoped_units
from projects.models import Project

from . import actions, queries, tables
from .choices import REVIEWED_TYPES, CandidateState, FactType
from .filtersets import CandidateFilterSet, DocumentFilterSet
from .forms import FACT_FORMS, NewProjectForm, UploadForm, plain_data
from .models import Candidate, Document


class QueueView(ScopedListView):
    """Candidates waiting for review (indicator figures and projects first), each in its sentence."""

    model = Candidate
    filterset_class = CandidateFilterSet
    table = tables.QUEUE
    exportable = False
    title = gettext_lazy("审核队列")
    related = ("document",)

    def get_queryset(self):
        qs = super().get_queryset()
        if "state" not in self.request.GET:
            qs = qs.filter(state=CandidateState.PENDING)
        if "type" not in self.request.GET:
            qs = qs.filter(type__in=REVIEWED_TYPES)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["counts"] = queries.queue_counts(self.request.user)
        return ctx


class DocumentListView(ScopedListView):
    model = Document
    filterset_class = DocumentFilterSet
    table = tables.DOCUMENT
    exportable = False
    title = gettext_lazy("文档")

    def base_queryset(self):
        return Document.objects.select_related("unit").defer("text")


class DocumentDetailView(ScopedDetailView):
    """The original text with every candidate's span marked; a figure's source links here."""

    model = Document

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc = self.object
        candidates = list(doc.candidates.filter(type__in=REVIEWED_TYPES).order_by("start"))
        pieces, pos = [], 0
        for c in candidates:
            if c.start < pos:  # overlapping spans: the first one is marked
                continue
            pieces.append(("", doc.text[pos : c.start], None))
            pieces.append(("mark", doc.text[c.start : c.end], c))
            pos = c.end
        pieces.append(("", doc.text[pos:], None))
        ctx.update(pieces=pieces, units=scoped_units(self.request.user), can_review=self.request.user.can_review())
        return ctx

    def post(self, request, pk):
        document = scope.get_visible(Document.objects.all(), request.user, pk=pk)
        try:
            unit = scope.get_visible(scoped_units(request.user), request.user, pk=request.POST.get("unit") or 0)
            actions.set_document_unit(actor=request.user, document=document, unit=unit)
            messages.success(request, _("已指定所述单位。"))
        except (ValidationError, PermissionDenied, Http404) as exc:
            messages.error(request, str(exc))
        return redirect(document.get_absolute_url())


class CandidateDetailView(ScopedDetailView):
    model = Candidate

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        form_class = FACT_FORMS.get(c.type)
        initial = c.accepted_fields or c.fields
        ctx.update(
            before=c.sentence[0], fact=c.sentence[1], after=c.sentence[2],
            form=kwargs.get("form") or (form_class(initial=initial) if form_class else None),
            can_review=self.request.user.can_review() and c.state == CandidateState.PENDING,
            fields=sorted(c.fields.items()),
        )  # fmt: skip
        if c.type == FactType.PROJECT:
            ctx["matches"] = queries.project_matches(self.request.user, c.fields.get("name", ""))
            ctx["new_form"] = kwargs.get("new_form") or NewProjectForm(
                user=self.request.user, initial={"unit": c.document.unit_id}, prefix="new"
            )
        return ctx

    def post(self, request, pk):
        self.object = candidate = scope.get_visible(Candidate.objects.select_related("document"), request.user, pk=pk)
        if request.POST.get("verdict") == "reject":
            try:
                actions.reject_candidate(actor=request.user, candidate=candidate, note=request.POST.get("note", ""))
                messages.success(request, _("已驳回。"))
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            return redirect(self._next())
        form_class = FACT_FORMS.get(candidate.type)
        form = form_class(request.POST) if form_class else None
        new_form = None
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        fields = plain_data(form.cleaned_data) if form is not None else None
        project = new_project = None
        if candidate.type == FactType.PROJECT:
            choice = request.POST.get("match", "")
            if choice == "new":
                new_form = NewProjectForm(request.POST, user=request.user, prefix="new")
                if not new_form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form, new_form=new_form))
                new_project = new_form.cleaned_data
            elif choice:
                project = scope.get_visible(Project.objects.all(), request.user, pk=choice)
        try:
            actions.accept_candidate(actor=request.user, candidate=candidate, fields=fields, project=project,
                                     new_project=new_project)  # fmt: skip
        except ValidationError as exc:
            if form is not None:
                for field, errors in getattr(exc, "error_dict", {"__all__": exc.error_list}).items():
                    form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(form=form, new_form=new_form))
        messages.success(request, _("已采用。"))
        return redirect(self._next())

    def _next(self) -> str:
        """Back to the queue, at the next fact waiting in the same document."""
        following = (
            queries.visible_candidates(self.request.user)
            .filter(document=self.object.document, state=CandidateState.PENDING, type__in=REVIEWED_TYPES)
            .order_by("start")
            .first()
        )  # fmt: skip
        return following.get_absolute_url() if following else reverse("ingest:queue")


class UploadView(LoginRequiredMixin, View):
    template_name = "ingest/upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_review():
            raise PermissionDenied(_("只有具有审核权限的用户可以导入和审核文稿。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": UploadForm(user=request.user), "title": _("导入文稿")})

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "title": _("导入文稿")})
        extractor = queries.extractor()
        done = []
        for upload in form.cleaned_data["files"]:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                messages.error(request, _("%(f)s 不是 UTF-8 编码的文本，未导入。") % {"f": upload.name})
                continue
            document, created = actions.ingest_document(
                actor=request.user, name=upload.name, text=text, extractor=extractor, unit=form.cleaned_data["unit"]
            )
            done.append(document)
            message = _("%(f)s：%(n)s 条待审核事实。") if created else _("%(f)s 已导入过（%(n)s 条待审核事实）。")
            messages.success(request, message % {"f": upload.name, "n": queries.to_review(document)})
        if len(done) == 1:
            return redirect(done[0].get_absolute_url())
        return redirect("ingest:queue")
