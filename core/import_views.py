"""One import page for every app: upload → check every row → confirm → write all rows or none.

An app's import page is a subclass that says how to check a file and how to write it; the steps,
the staging of the checked file, the messages and the answers to broken files are here once.

Two forms of import:

- With a confirmation (`confirm = True`, the ledger, indicator figures): the upload is checked
  (`check`, nothing written) and shown with every error naming its row and column; a file without
  errors is staged under a token and the page offers 确认导入, which writes it (`write`) — the
  app's action checks again and writes all rows or none.
- At once (`confirm = False`, monthly reports, a holiday file): the upload is written in one step;
  what was refused is listed as messages on the page the upload came from.

`write` either returns what was done, handed to `written` for the message and the next page, or
raises `ImportFailed` with the preview of errors (or a ValidationError from an action).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import actions, jobs, layout, queries, scope
from .importing import ImportFailed, TableFileError, error_workbook
from .staging import stage, staged
from .tabular import XLSX

ERRORS_SHOWN = 50  # errors listed as messages by an import at once


class ImportView(LoginRequiredMixin, View):
    """The import page; subclasses set the names below and implement `check`, `write`, `written`."""

    template_name = ""  # the page with the upload form and the preview (imports with a confirmation)
    title = ""
    url_name = ""  # this page's URL name: where an expired or missing upload comes back to
    return_url_name = ""  # imports at once: the page the upload came from
    confirm = True
    form_class = None  # a form for the upload and its options; None: a field "file" alone
    permission_message = gettext_lazy("您没有导入的权限。")

    def allowed(self, user) -> bool:
        return scope.can_write(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied(self.permission_message)
        return super().dispatch(request, *args, **kwargs)

    # What a subclass provides -------------------------------------------------------------------

    def check(self, data: bytes):
        """Read and check the uploaded file, writing nothing: a preview with `ok` and `errors`."""
        raise NotImplementedError

    def write(self, source):
        """Write the file (the staged file's path, or the upload's cleaned data at once)."""
        raise NotImplementedError

    def written(self, done) -> HttpResponse:
        """The answer once written: a message and the next page."""
        raise NotImplementedError

    def context(self, **extra) -> dict:
        """The page's context; `extra` holds preview, token and name when a file was checked."""
        if self.mapping_kind:
            extra.update(self.mapping_context(extra.get("preview"), extra.get("options") or {}))
        extra.setdefault("hidden_fields", self.hidden_fields(extra.get("options") or {}))
        return {"title": self.title, **extra}

    def hidden_fields(self, options: dict) -> list[tuple[str, str]]:
        """Fields of the page's own (a period, 报送) carried by the confirm and recheck forms."""
        return []

    # Column mapping (imports that set `mapping_kind`) ------------------------------------------

    mapping_kind = ""  # the name saved mappings are kept under; "" for an import without the step

    def import_columns(self) -> list:
        """The fields a column of the file may go to (ImportColumn)."""
        return []

    def default_constants(self) -> dict:
        """Values offered for the fields a file lacks: 所属单位, the sending user's unit."""
        unit = self.request.user.unit
        return {"unit": unit.name} if unit is not None else {}

    def options(self, data=None) -> dict:
        """The mapping and the constants posted with the file: keyword arguments of check and write.

        A saved mapping chosen by name comes first; the mapping form's rows (`map-name`, `map-field`)
        and constants (`set-<field>`) override it.
        """
        if not self.mapping_kind:
            return {}
        post = self.request.POST if data is None else data
        columns, constants = None, {}
        saved = post.get("saved_mapping", "")
        if saved:
            found = queries.find_import_mapping(self.request.user, self.mapping_kind, saved)
            if found is not None:
                columns, constants = dict(found.columns), dict(found.constants)
        names, fields = post.getlist("map-name"), post.getlist("map-field")
        if names:
            known = {c.field for c in self.import_columns()}
            columns = {n: f if f in known else "" for n, f in zip(names, fields, strict=False)}
        for col in self.import_columns():
            if f"set-{col.field}" in post:
                constants[col.field] = post[f"set-{col.field}"].strip()
        return {"mapping": columns, "constants": {k: v for k, v in constants.items() if v}}

    def mapping_context(self, preview, options: dict) -> dict:
        user = self.request.user
        saved = list(queries.import_mappings(user, self.mapping_kind).values_list("name", flat=True))
        result = getattr(preview, "result", preview)
        if result is None or getattr(result, "layout", None) is None:
            return {"saved_mappings": saved}
        mapping = options.get("mapping") or {}
        columns = [(name, mapping.get(name, field)) for name, field in result.columns.items()]
        used = {f for _n, f in columns if f}
        given = {**self.default_constants(), **(options.get("constants") or {})}
        fields = [(c.field, c.headers[0]) for c in self.import_columns()]
        constants = [
            (c.field, c.headers[0], given.get(c.field, "")) for c in self.import_columns() if c.field not in used
        ]
        unmapped = [name for name, field in columns if not field and name not in layout.SERIAL_NAMES]
        return {"saved_mappings": saved, "mapping_columns": columns, "mapping_fields": fields,
                "mapping_constants": constants, "mapping_unmapped": unmapped, "options": options}  # fmt: skip

    def save_mapping(self, options: dict) -> None:
        name = self.request.POST.get("save_as", "").strip()
        if not name or not self.mapping_kind:
            return
        try:
            actions.save_import_mapping(
                actor=self.request.user,
                kind=self.mapping_kind,
                name=name,
                columns=options.get("mapping") or {},
                constants=options.get("constants") or {},
            )
            messages.success(self.request, _("已保存列对应方案“%(n)s”，下次导入可直接选用。") % {"n": name})
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(self.request, message)

    # The steps ----------------------------------------------------------------------------------

    def page_url(self) -> str:
        return reverse(self.url_name)

    def render_page(self, status: int = 200, **extra) -> HttpResponse:
        return render(self.request, self.template_name, self.context(**extra), status=status)

    def get(self, request, *args, **kwargs):
        if not self.confirm:  # an import at once has no page of its own: its form is on another
            return self.http_method_not_allowed(request, *args, **kwargs)
        if "errors" in request.GET:
            return self.error_file(request.GET["errors"], request.GET.get("name", ""))
        return self.render_page()

    def error_file(self, token: str, name: str) -> HttpResponse:
        """The checked upload back with a 「错误说明」 column and its bad cells highlighted."""
        path = staged(token)
        if path is None:
            messages.error(self.request, _("待导入的文件已失效，请重新上传。"))
            return HttpResponseRedirect(self.page_url())
        data = path.read_bytes()
        try:
            preview = self.check(data, **self.options(self.request.GET))
            content = error_workbook(data, getattr(preview, "result", preview))
        except TableFileError as exc:
            messages.error(self.request, str(exc))
            return HttpResponseRedirect(self.page_url())
        stem = (name.rsplit(".", 1)[0] or "import")[:80]
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(stem + '-错误说明.xlsx')}"
        return response

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        if self.confirm and token and "recheck" in request.POST:
            return self.recheck(token)
        if self.confirm and token:
            return self.commit_staged(token)
        cleaned = self.cleaned_upload()
        if cleaned is None:
            return HttpResponseRedirect(self.page_url() if self.confirm else reverse(self.return_url_name))
        if not self.confirm:
            return self.write_at_once(cleaned)
        data = cleaned["file"].read()
        options = self.options()
        try:
            preview = self.check(data, **options)
        except TableFileError as exc:
            messages.error(request, str(exc))
            return self.render_page(400)
        token = stage(data)  # with errors too: the file comes back annotated (`error_file`)
        name = cleaned["file"].name
        return self.render_page(200 if preview.ok else 400, preview=preview, token=token, name=name, options=options)

    def recheck(self, token: str) -> HttpResponse:
        """The staged file checked again with the mapping and constants of the mapping form."""
        path = staged(token)
        if path is None:
            messages.error(self.request, _("待导入的文件已失效，请重新上传。"))
            return HttpResponseRedirect(self.page_url())
        options = self.options()
        self.save_mapping(options)
        try:
            preview = self.check(path.read_bytes(), **options)
        except TableFileError as exc:
            messages.error(self.request, str(exc))
            return HttpResponseRedirect(self.page_url())
        name = self.request.POST.get("name", "")
        return self.render_page(200 if preview.ok else 400, preview=preview, token=token, name=name, options=options)

    def cleaned_upload(self) -> dict | None:
        """The upload and the options posted with it, or None once the problems are said."""
        request = self.request
        if self.form_class is None:
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, _("请选择要导入的 .xlsx 文件。"))
                return None
            return {"file": upload}
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            return form.cleaned_data
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return None

    def summary(self, done) -> str:
        """What was written, in a sentence (the message of an import run in the background)."""
        return _("导入完成。")

    def commit_staged(self, token: str) -> HttpResponse:
        path = staged(token)
        if path is None:
            messages.error(self.request, _("待导入的文件已失效，请重新上传。"))
            return HttpResponseRedirect(self.page_url())
        if jobs.import_in_background(path.stat().st_size):  # committed by a job, all rows or none
            return HttpResponseRedirect(jobs.job_url(jobs.start_import(self.request, self, token)))
        options = self.options()
        try:
            done = self.write(str(path), **options)
        except ImportFailed as failed:
            return self.render_page(400, preview=failed.preview, options=options)
        except TableFileError as exc:
            messages.error(self.request, str(exc))
            return HttpResponseRedirect(self.page_url())
        finally:
            path.unlink(missing_ok=True)
        return self.written(done)

    def write_at_once(self, cleaned: dict) -> HttpResponse:
        back = HttpResponseRedirect(reverse(self.return_url_name))
        try:
            done = self.write(cleaned)
        except TableFileError as exc:
            messages.error(self.request, str(exc))
            return back
        except ImportFailed as failed:
            messages.error(self.request, _("导入失败，未写入任何数据："))
            for error in failed.preview.errors[:ERRORS_SHOWN]:
                messages.error(self.request, str(error))
            return back
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return back
        return self.written(done)
