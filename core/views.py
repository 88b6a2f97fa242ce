"""Reusable views: every list, detail and form page goes through the data scope here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseModelForm
from django.http import FileResponse, Http404, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from . import audit, jobs, scope
from .home import gate_for, panels, summaries, todo_groups
from .tables import Table
from .tabular import xlsx_response


class ScopedListView(LoginRequiredMixin, ListView):
    """A filtered, paginated list inside the user's scope, with an .xlsx export of the same rows.

    Subclasses set `filterset_class`, `table` (a core.tables.Table, or `get_table()` for one built
    per request) and `export_name` when the file is not named as the page's `title`. The page and
    the export draw the same columns; ?sort=<column> orders by a sortable column.
    `exportable = False` leaves the export out.
    """

    template_name = "core/object_list.html"
    filterset_class = None
    table: Table | None = None
    table_template = "core/_table.html"  # draws any Table; a list with more around its table has its own
    exportable = True
    export_name = ""
    title = ""
    create_url = ""
    import_url = ""
    # Who is offered 新增 (and 导入): the check the create page applies, a function of the user
    # or its dotted path; writing roles when not set.
    create_check = None
    # The rows' foreign keys the list shows, read in the same query (select_related).
    related: tuple[str, ...] = ()

    # Page by primary keys first, then load the page's rows: for querysets annotated with
    # per-row subqueries, whose cost would otherwise be paid for every row skipped by OFFSET.
    paginate_keys_first = False

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    # With keys first: a page in the second half is read from the end, in the reverse order, so the
    # last page skips a few rows instead of all the others. Only for a total order (a unique last key).
    paginate_from_end = False

    def paginate_queryset(self, queryset, page_size):
        if not self.paginate_keys_first:
            return super().paginate_queryset(queryset, page_size)
        keys = self.keys_queryset(queryset).prefetch_related(None).values_list("pk", flat=True)
        paginator, page, ids, has_other = super().paginate_queryset(keys, page_size)
        count = paginator.count
        if self.paginate_from_end and keys.ordered and page.number > paginator.num_pages / 2:
            bottom, top = page.start_index() - 1, page.end_index()
            ids = list(keys.reverse()[count - top : count - bottom])[::-1]
        ids = list(ids)
        rows = {obj.pk: obj for obj in queryset.filter(pk__in=ids).order_by()}
        page.object_list = [rows[pk] for pk in ids]
        return paginator, page, page.object_list, has_other

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        count = self.known_count()
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        if count is not None:
            paginator.__dict__["count"] = count  # Paginator.count is a cached property: not asked again
        return paginator

    def known_count(self) -> int | None:
        """The number of rows when it is known without counting them (a list overrides this)."""
        return None

    def keys_queryset(self, queryset):
        """What the keys of a page are counted and read from, with `paginate_keys_first`: the
        rows shown (the default), or the same rows, filters and order without the per-row
        annotations that neither filter nor order them (a list overrides this)."""
        return queryset

    def base_queryset(self):
        qs = self.model._default_manager.all()
        return qs.select_related(*self.related) if self.related else qs

    def get_queryset(self):
        qs = scope.restrict(self.base_queryset(), self.request.user)
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs
        return self.sorted(qs)

    def sorted(self, queryset):
        """The rows in the order ?sort= asks for, when it names a sortable column."""
        return self.get_table().order(queryset, self.request.GET.get("sort", ""))

    def get_table(self) -> Table:
        return self.table

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.exportable:
            queryset = self.get_queryset()
            if jobs.export_in_background(queryset.count()):  # built by a job, the page shows its progress
                return HttpResponseRedirect(jobs.job_url(jobs.start_export(request, self)))
            rows = list(self.export_queryset(queryset))
            query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k not in ("export", "page") and v)
            audit.record_export(
                model=self.model, rows=len(rows), query=query, actor=request.user, scope_path=request.user.scope_path
            )
            columns = self.get_table().sheet_columns()
            return xlsx_response(self.export_name or self.title, self.title, columns, rows)
        return super().get(request, *args, **kwargs)

    def export_queryset(self, queryset):
        """The rows as exported; a subclass may prefetch what its export columns read."""
        return queryset

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":
            # The table, and the export link swapped out of band: it carries the filter just applied.
            return ["core/_list_region.html"]
        return [self.template_name]

    def may_create(self) -> bool:
        user = self.request.user
        if not scope.can_write(user):
            return False
        if self.create_check is None:
            return True
        check = import_string(self.create_check) if isinstance(self.create_check, str) else self.create_check
        return bool(check(user))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            filterset=self.filterset,
            table=self.get_table(),
            table_template=self.table_template,
            title=self.title,
            can_export=self.exportable,
            create_url=self.create_url if self.may_create() else "",
            import_url=self.import_url,
        )
        return ctx


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """One object the user may see (404 otherwise), with its 变更记录. The page is Django's
    `<app>/<model>_detail.html` unless the view names another template."""

    def get_object(self, queryset=None):
        return scope.get_visible(self.model._default_manager.all(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = audit.history_for(self.object)[:100]
        ctx["can_change"] = scope.can_change(self.request.user, self.object)
        return ctx


class ScopedDeleteView(LoginRequiredMixin, View):
    """POST-only delete through an action (`action(actor=…, <kwarg>=obj)`); the object must be
    visible (404 otherwise) and the action checks the rest. A refusal is said on the object's page."""

    model = None
    action = None
    kwarg = ""
    success_url = ""

    def post(self, request, pk):
        obj = scope.get_visible(self.model._default_manager.all(), request.user, pk=pk)
        try:
            type(self).action(actor=request.user, **{self.kwarg: obj})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("已删除“%(obj)s”。") % {"obj": obj})
        return HttpResponseRedirect(self.success_url)


class ScopedImageView(LoginRequiredMixin, View):
    """An uploaded image (`size` "thumb": its thumbnail) of a row inside the user's scope; uploads
    are not public. Subclasses set `queryset` and, where they are named otherwise, `image` and
    `thumbnail`, the names of the file fields."""

    queryset = None
    image = "image"
    thumbnail = "thumbnail"

    def get(self, request, pk, size):
        row = scope.get_visible(self.queryset.all(), request.user, pk=pk)
        field = getattr(row, self.thumbnail if size == "thumb" else self.image)
        if not field or not field.storage.exists(field.name):
            raise Http404(_("没有找到该文件。"))
        return FileResponse(field.open("rb"))


class ActionFormView(LoginRequiredMixin, FormView):
    """A form whose valid data goes to one action, `perform(form)`, defined by each subclass.

    The action's ValidationError lands on the form.
    """

    template_name = "core/object_form.html"
    title = ""
    success_message = gettext_lazy("已保存。")

    def get_object(self):
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is not None and issubclass(self.get_form_class(), BaseModelForm):
            kwargs["instance"] = self.object  # a model form edits the page's object
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self) -> None:
        if self.object is not None:
            scope.ensure_can_change(self.request.user, self.object)
        elif not scope.can_write(self.request.user):
            raise PermissionDenied(_("您没有新增记录的权限。"))

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            _attach_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return result.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["object"] = self.object
        return ctx


class FormUserMixin:
    """For an ActionFormView whose form takes the signed-in user (`user=`), to offer only the units,
    projects and people in that user's scope."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        url = gate_for(request.user)
        if url:
            return HttpResponseRedirect(url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        groups = todo_groups(user)
        ctx.update(groups=groups, todo_count=sum(g.count for g in groups), panels=panels(user))
        return ctx


class ActivityView(LoginRequiredMixin, TemplateView):
    """The figures of the day and the latest changes in the user's scope."""

    template_name = "core/activity.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["title"] = _("最近动态")
        ctx["summaries"] = summaries(user)
        ctx["recent"] = scope.restrict(audit.AuditEntry.objects.select_related("content_type"), user)[:30]
        return ctx


def _back(request) -> str:
    """The page the user came from, when it is one of ours: the error pages offer a way back."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _message(exception) -> str:
    # Django's own 404s (no URL matched) carry a technical text; only our messages are for users.
    text = str(exception or "")
    return "" if not text or isinstance(exception, Resolver404) or text.startswith(("{", "No ")) else text


def permission_denied(request, exception=None):
    return render(request, "403.html", {"message": _message(exception), "back": _back(request)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"message": _message(exception), "back": _back(request)}, status=404)


def server_error(request):
    """The 500 page: rendered with no request context, so a failing database, session or context
    processor cannot break it in turn."""
    static = settings.STATIC_URL if settings.STATIC_URL.startswith(("/", "http")) else f"/{settings.STATIC_URL}"
    try:
        body = loader.get_template("500.html").render({"static_prefix": static})
    except Exception:  # the page of last resort must not fail itself
        body = "<!doctype html><title>500</title><h1>系统出错</h1><p><a href='/'>返回首页</a></p>"
    return HttpResponseServerError(body)
