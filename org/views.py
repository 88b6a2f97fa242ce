from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core import audit, scope
from core.views import ActionFormView, FormUserMixin, ScopedDeleteView, ScopedDetailView, ScopedListView

from . import actions, queries, tables
from .filtersets import EnterpriseFilterSet, PersonFilterSet, UserFilterSet
from .forms import (
    EnterpriseForm,
    PeerGroupForm,
    PersonForm,
    PostForm,
    ReportsForForm,
    TokenForm,
    TopUnitForm,
    UnitForm,
    UserForm,
)
from .models import ApiToken, Enterprise, PeerGroup, Person, Post, Unit, User

# The org tree ---------------------------------------------------------------------------------


class FirstRunView(LoginRequiredMixin, View):
    """A new site: the platform administrator names the top unit, then goes on to the home page."""

    template_name = "org/first_run.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and queries.first_run_url(request.user) is None:
            if not scope.is_platform_admin(request.user):
                raise PermissionDenied(_("只有平台管理员可以设置顶级单位。"))
            return redirect("home")  # already set up
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": TopUnitForm()})

    def post(self, request):
        form = TopUnitForm(request.POST)
        if form.is_valid():
            try:
                unit = actions.create_top_unit(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已设置顶级单位“%(name)s”。") % {"name": unit.name})
                return redirect("home")
        return render(request, self.template_name, {"form": form})


class UnitTreeView(LoginRequiredMixin, TemplateView):
    template_name = "org/unit_tree.html"

    def get(self, request, *args, **kwargs):
        url = queries.first_run_url(request.user)
        if url:
            return redirect(url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        roots = list(queries.root_units(self.request.user))
        ctx["nodes"] = roots
        ctx["open_children"] = {r.pk: list(queries.children_of(self.request.user, r)) for r in roots}
        return ctx


class UnitChildrenView(LoginRequiredMixin, View):
    """htmx: the children of one node, loaded when the node is opened."""

    def get(self, request, pk):
        unit = scope.get_visible(Unit.objects.all(), request.user, pk=pk)
        children = queries.children_of(request.user, unit)
        return render(request, "org/_tree_nodes.html", {"nodes": children})


class UnitDetailView(ScopedDetailView):
    model = Unit

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.object
        children = list(queries.children_of(self.request.user, unit))
        ctx["children"] = children
        ctx["child_counts"] = queries.subtree_counts(children)
        ctx["own_counts"] = queries.subtree_counts([unit])[unit.pk]
        ctx["ancestors"] = [
            a for a in Unit.objects.get_ancestors(unit) if scope.scope_of(self.request.user).covers_path(a.path)
        ]
        ctx["people"] = unit.people.all()[:20]
        ctx["peer_groups"] = unit.peer_groups.all()
        ctx["can_set_reports_for"] = queries.may_set_reports_for(self.request.user, unit)
        return ctx


class UnitReportsForView(FormUserMixin, ActionFormView):
    """代报: the units this unit enters indicators for, set by an administrator of both sides."""

    form_class = ReportsForForm
    title = gettext_lazy("设置代报单位")

    def get_object(self):
        return scope.get_visible(Unit.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def check_permission(self) -> None:
        if not queries.may_set_reports_for(self.request.user, self.object):
            raise PermissionDenied(_("只有管理员可以设置代报单位。"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object}

    def get_initial(self):
        return {"units": list(self.object.reports_for.all())}

    def perform(self, form):
        return actions.set_reports_for(actor=self.request.user, unit=self.object, units=form.cleaned_data["units"])


class UnitCreateView(ActionFormView):
    form_class = UnitForm
    title = gettext_lazy("新增下级单位")

    def check_permission(self) -> None:
        self.parent = scope.get_visible(Unit.objects.all(), self.request.user, pk=self.kwargs["pk"])
        scope.ensure_can_create_under(self.request.user, self.parent.path)

    def perform(self, form):
        d = form.cleaned_data
        return actions.create_unit(
            actor=self.request.user,
            parent=self.parent,
            name=d["name"],
            kind=d["kind"],
            code=d["code"],
            short_name=d["short_name"],
        )


class UnitUpdateView(ActionFormView):
    form_class = UnitForm
    title = gettext_lazy("修改单位")

    def get_object(self):
        return scope.get_visible(Unit.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_unit(actor=self.request.user, unit=self.object, **form.cleaned_data)


# People ---------------------------------------------------------------------------------------


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    title = gettext_lazy("人员")
    create_url = reverse_lazy("org:person-create")
    table = tables.PERSON
    related = ("unit",)


class PersonDetailView(ScopedDetailView):
    model = Person

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["posts"] = self.object.posts.filter(is_active=True).select_related("unit").order_by("unit__path")
        ctx["can_manage_posts"] = queries.may_manage_posts(self.request.user, self.object)
        return ctx


class PostCreateView(FormUserMixin, ActionFormView):
    """兼职: a further post of the person, added by an administrator who may change the person."""

    form_class = PostForm
    title = gettext_lazy("新增兼职")
    success_message = gettext_lazy("已新增兼职。")

    def get_object(self):
        return scope.get_visible(Person.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def check_permission(self) -> None:
        if not queries.may_manage_posts(self.request.user, self.object):
            raise PermissionDenied(_("只有管理员可以设置兼职。"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.object}

    def perform(self, form):
        return actions.add_post(actor=self.request.user, person=self.object, **form.cleaned_data)

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()


class PostEndView(LoginRequiredMixin, View):
    """POST-only: end one post (免去兼职)."""

    def post(self, request, pk):
        post = get_object_or_404(Post.objects.select_related("person", "unit"), pk=pk)
        person = scope.get_visible(Person.objects.all(), request.user, pk=post.person_id)
        actions.end_post(actor=request.user, post=post)
        messages.success(request, _("已免去“%(unit)s”的兼职。") % {"unit": post.unit.name})
        return redirect(person.get_absolute_url())


class PersonFormMixin(FormUserMixin):
    form_class = PersonForm

    def get_initial(self):
        unit = self.request.GET.get("unit")
        return {"unit": unit} if unit else {}


class PersonCreateView(PersonFormMixin, ActionFormView):
    title = gettext_lazy("新增人员")

    def perform(self, form):
        return actions.create_person(actor=self.request.user, **form.cleaned_data)


class PersonUpdateView(PersonFormMixin, ActionFormView):
    title = gettext_lazy("修改人员")

    def get_object(self):
        return scope.get_visible(Person.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_person(actor=self.request.user, person=self.object, **form.cleaned_data)


class PersonDeleteView(ScopedDeleteView):
    model = Person
    action = actions.delete_person
    kwarg = "person"
    success_url = reverse_lazy("org:person-list")


# Enterprises ----------------------------------------------------------------------------------


class EnterpriseListView(ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    title = gettext_lazy("企业")
    create_url = reverse_lazy("org:enterprise-create")
    table = tables.ENTERPRISE
    related = ("unit",)


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise


class EnterpriseFormMixin(FormUserMixin):
    form_class = EnterpriseForm


class EnterpriseCreateView(EnterpriseFormMixin, ActionFormView):
    title = gettext_lazy("新增企业")

    def perform(self, form):
        return actions.create_enterprise(actor=self.request.user, **form.cleaned_data)


class EnterpriseUpdateView(EnterpriseFormMixin, ActionFormView):
    title = gettext_lazy("修改企业")

    def get_object(self):
        return scope.get_visible(Enterprise.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_enterprise(actor=self.request.user, enterprise=self.object, **form.cleaned_data)


class EnterpriseDeleteView(ScopedDeleteView):
    model = Enterprise
    action = actions.delete_enterprise
    kwarg = "enterprise"
    success_url = reverse_lazy("org:enterprise-list")


# Peer groups ----------------------------------------------------------------------------------


class PeerGroupListView(LoginRequiredMixin, TemplateView):
    template_name = "org/peergroup_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["groups"] = PeerGroup.objects.annotate(n=Count("members")).order_by("name")
        ctx["can_edit"] = scope.is_platform_admin(self.request.user)
        return ctx


class PeerGroupDetailView(LoginRequiredMixin, TemplateView):
    template_name = "org/peergroup_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = get_object_or_404(PeerGroup, pk=self.kwargs["pk"])
        ctx["object"] = group
        ctx["members"] = group.members.order_by("path")
        ctx["history"] = audit.history_for(group)[:100]
        ctx["can_edit"] = scope.is_platform_admin(self.request.user)
        return ctx


class PeerGroupFormMixin:
    form_class = PeerGroupForm

    def check_permission(self) -> None:
        # Peer groups are reference data outside the tree: platform administrators keep them.
        scope.ensure_platform_admin(self.request.user, _("只有平台管理员可以维护对标分组。"))


class PeerGroupCreateView(PeerGroupFormMixin, ActionFormView):
    title = gettext_lazy("新增对标分组")

    def perform(self, form):
        return actions.create_peer_group(actor=self.request.user, **form.cleaned_data)


class PeerGroupUpdateView(PeerGroupFormMixin, ActionFormView):
    title = gettext_lazy("修改对标分组")

    def get_object(self):
        return get_object_or_404(PeerGroup, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_peer_group(actor=self.request.user, group=self.object, **form.cleaned_data)


# Users and accounts ---------------------------------------------------------------------------


class AdminOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_admin():
            raise PermissionDenied(_("您没有管理用户的权限。"))
        return super().dispatch(request, *args, **kwargs)


class UserListView(AdminOnlyMixin, ScopedListView):
    model = User
    filterset_class = UserFilterSet
    title = gettext_lazy("用户")
    create_url = reverse_lazy("org:user-create")
    table = tables.USER

    def base_queryset(self):
        return User.objects.select_related("unit", "role").order_by("username")


class UserDetailView(AdminOnlyMixin, ScopedDetailView):
    model = User

    def get_context_data(self, **kwargs):
        from axes.models import AccessAttempt

        ctx = super().get_context_data(**kwargs)
        ctx["failures"] = sum(
            AccessAttempt.objects.filter(username=self.object.username).values_list("failures_since_start", flat=True)
        )
        return ctx


class UserUnlockView(AdminOnlyMixin, LoginRequiredMixin, View):
    def post(self, request, pk):
        user = scope.get_visible(User.objects.all(), request.user, pk=pk)
        actions.unlock_user(actor=request.user, user=user)
        messages.success(request, _("已解除“%(user)s”的登录锁定。") % {"user": user.username})
        return redirect(user.get_absolute_url())


class UserFormMixin(FormUserMixin, AdminOnlyMixin):
    form_class = UserForm

    def check_permission(self) -> None:
        pass  # the actions check role grants and unit scope


class UserCreateView(UserFormMixin, ActionFormView):
    title = gettext_lazy("新增用户")

    def perform(self, form):
        return actions.create_user(actor=self.request.user, **form.cleaned_data)


class UserUpdateView(UserFormMixin, ActionFormView):
    title = gettext_lazy("修改用户")

    def get_object(self):
        return scope.get_visible(User.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_user(actor=self.request.user, user=self.object, **form.cleaned_data)


class PasswordChangeView(LoginRequiredMixin, View):
    template_name = "registration/password_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PasswordChangeForm(request.user)})

    def post(self, request):
        form = PasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            user = actions.set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
            )
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
        return render(request, self.template_name, {"form": form})


class TokenListView(LoginRequiredMixin, View):
    template_name = "org/token_list.html"

    def get(self, request, new_key: str = ""):
        tokens = ApiToken.objects.filter(user=request.user)
        return render(request, self.template_name, {"tokens": tokens, "form": TokenForm(), "new_key": new_key})

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            tokens = ApiToken.objects.filter(user=request.user)
            return render(request, self.template_name, {"tokens": tokens, "form": form})
        _token, raw = actions.issue_api_token(actor=request.user, **form.cleaned_data)
        return self.get(request, new_key=raw)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        actions.revoke_api_token(actor=request.user, token=token)
        messages.success(request, _("令牌已吊销。"))
        return redirect(reverse("org:token-list"))
