# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The CMDB set and module resources."""

from __future__ import annotations

from functools import cached_property

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import json_problem
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import (
    CMDB_HINTS, MODULE_HINTS, check_lengths, supplier,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError

SET_ENV = {"test": "1", "experience": "2", "formal": "3"}
SERVICE_STATUS = {"open": "1", "closed": "2"}
SET_FIELDS = ("bk_set_desc", "description", "bk_capacity", "set_template_id")
SET_LIMITS = dict(name=(1, 256), bk_set_desc=(0, 256), description=(0, 2000))
SET_RESERVED = {"bk_set_name", "bk_set_id", "bk_biz_id", "bk_parent_id", "default",
                "set_template_version", "bk_supplier_account"}
MODULE_TYPE = {"common": "1", "database": "2"}
MODULE_FIELDS = ("operator", "bk_bak_operator", "service_category_id", "service_template_id")
MODULE_LIMITS = dict(name=(1, 256), bk_set_name=(1, 256))
MODULE_RESERVED = {"bk_module_name", "bk_module_id", "bk_module_type", "bk_set_id", "bk_biz_id", "bk_parent_id",
                   "default", "set_template_id", "bk_supplier_account"}


class CmdbResource(Resource):
    """What sets and modules share: the business they belong to, custom attributes, the ESB writes."""

    hints = CMDB_HINTS
    reserved = frozenset()  # API keys that are not custom attributes

    @cached_property
    def biz_id(self):
        return self.client.business_id(self.params)

    def custom_attributes(self):
        """The task's `attributes` without null values, checked: JSON values, no key of an option."""
        params = self.params
        attributes = {k: v for k, v in (params["attributes"] or {}).items() if v is not None}
        problem = json_problem("attributes", attributes)
        if problem:
            raise UserError(problem)
        clash = sorted(set(attributes) & (set(params) | self.reserved))
        if clash:
            raise UserError("attributes: %s cannot be set as custom attributes; use the module's "
                            "options for them" % ", ".join(clash))
        return attributes

    def template_by_name(self, option):
        """{<option>_id: the id of the template the task names with `option` ("set_template" or
        "service_template")}, or {} when it names none. Called last in desired(): it reads."""
        params = self.params
        if params[option] is None:
            return {}
        if params[option + "_id"] is not None:
            raise UserError("give one of %s and %s_id, not both" % (option, option))
        return {option + "_id": self.client.template_id(params, self.biz_id, option)}

    def _call(self, component, **body):
        return self.client.call(component, dict(body, bk_biz_id=self.biz_id, **supplier(self.params)),
                                safe=False, hints=self.hints)


class CmdbSet(CmdbResource):
    """A CMDB set, identified by (business, parent, name)."""

    return_key = "set"
    name_key = "bk_set_name"
    create_only = ("set_template_id",)
    reserved = SET_RESERVED

    @property
    def parent_id(self):
        return self.params["bk_parent_id"] or self.biz_id

    def desired(self):
        params = self.params
        check_lengths(params, SET_LIMITS)
        if params["bk_capacity"] is not None and not 1 <= params["bk_capacity"] <= 999999999:
            raise UserError("bk_capacity must be between 1 and 999999999, got %d" % params["bk_capacity"])
        attributes = self.custom_attributes()
        wanted = {k: params[k] for k in SET_FIELDS if params[k] is not None}
        wanted["bk_set_name"] = params["name"]
        if params["bk_set_env"]:
            wanted["bk_set_env"] = SET_ENV.get(params["bk_set_env"], params["bk_set_env"])
        if params["bk_service_status"]:
            wanted["bk_service_status"] = SERVICE_STATUS.get(params["bk_service_status"],
                                                             params["bk_service_status"])
        wanted.update(attributes)
        wanted.update(self.template_by_name("set_template"))
        return wanted

    def find(self):
        found = self.client.search_sets(self.params, self.biz_id, self.params["name"], self.parent_id)
        return found[0] if found else None

    def read_scope(self):
        return self.client.search_sets(self.params, self.biz_id)

    def identity(self):
        return self.params["name"], self.params["bk_parent_id"]

    def identifies(self, obj):
        return obj.get("bk_set_name") == self.params["name"] and obj.get("bk_parent_id") == self.parent_id

    def options_naming(self, obj):
        return dict(name=obj.get("bk_set_name"), bk_parent_id=obj.get("bk_parent_id"))

    def purgeable(self, obj):
        """A set the user made (not a built-in one), under the task's bk_parent_id if it has one."""
        parent = self.module.params.get("bk_parent_id")
        return not obj.get("default") and (parent is None or obj.get("bk_parent_id") == parent)

    def create(self, desired):
        return self._call("cc/create_set", data=dict(desired, bk_parent_id=self.parent_id))

    def update(self, current, changes):
        self._call("cc/update_set", bk_set_id=current["bk_set_id"], data=changes)

    def delete(self, current):
        self._call("cc/delete_set", bk_set_id=current["bk_set_id"])

    def predict(self, desired, current=None):
        if current is None:
            current = dict(bk_set_id=None, bk_biz_id=self.biz_id, bk_parent_id=self.parent_id)
        return dict(current, **desired)


class CmdbModule(CmdbResource):
    """A CMDB module, identified by (business, set, name). Its set is named by bk_set_id or
    bk_set_name; in check mode a set that does not exist yet (that an earlier task would create)
    holds no modules, and the module is predicted with bk_set_id null."""

    return_key = "module"
    name_key = "bk_module_name"
    create_only = ("service_template_id",)
    reserved = MODULE_RESERVED
    hints = MODULE_HINTS

    def _check_set_options(self):
        given = [k for k in ("bk_set_id", "bk_set_name") if self.params[k] is not None]
        if len(given) != 1:
            raise UserError("give one of bk_set_id and bk_set_name to name the module's set%s" % (
                " (a list item's own one replaces the task's, so give the task neither)" if given else ""))

    @cached_property
    def set_id(self):
        """The set's id; None in check mode when no set has the name, else that is a UserError."""
        self._check_set_options()
        params = self.params
        if params["bk_set_id"] is not None:
            return params["bk_set_id"]
        set_id = self.client.set_named(params, self.biz_id, params["bk_set_name"])
        if set_id is None and not self.module.check_mode:
            raise UserError("bk_set_name %r matches no set of business %d" % (params["bk_set_name"], self.biz_id))
        return set_id

    def desired(self):
        params = self.params
        self._check_set_options()
        check_lengths(params, MODULE_LIMITS)
        wanted = {k: params[k] for k in MODULE_FIELDS if params[k] is not None}
        wanted["bk_module_name"] = params["name"]
        if params["bk_module_type"]:
            wanted["bk_module_type"] = MODULE_TYPE.get(params["bk_module_type"], params["bk_module_type"])
        wanted.update(self.custom_attributes())
        wanted.update(self.template_by_name("service_template"))
        return wanted

    def find(self):
        if self.set_id is None:
            return None
        found = self.client.search_modules(self.params, self.biz_id, self.set_id, self.params["name"])
        return found[0] if found else None

    def read_scope(self):
        self.client.business_sets(self.params, self.biz_id)  # where the items find their sets
        return self.client.search_modules(self.params, self.biz_id)

    def identity(self):
        self._check_set_options()
        return self.params["name"], self.params["bk_set_id"], self.params["bk_set_name"]

    def identifies(self, obj):
        try:
            set_id = self.set_id
        except UserError:  # no such set: the item fails when it is converged
            return False
        return obj.get("bk_module_name") == self.params["name"] and obj.get("bk_set_id") == set_id

    def options_naming(self, obj):
        return dict(name=obj.get("bk_module_name"), bk_set_id=obj.get("bk_set_id"), bk_set_name=None)

    def purgeable(self, obj):
        """A module the user made (not a built-in one), in the task's set if it names one."""
        if obj.get("default"):
            return False
        if self.params["bk_set_id"] is None and self.params["bk_set_name"] is None:
            return True
        try:
            return obj.get("bk_set_id") == self.set_id
        except UserError:
            return False

    def create(self, desired):
        return self._call("cc/create_module", bk_set_id=self.set_id, data=dict(desired, bk_parent_id=self.set_id))

    def update(self, current, changes):
        self._call("cc/update_module", bk_set_id=current["bk_set_id"], bk_module_id=current["bk_module_id"],
                   data=changes)

    def delete(self, current):
        self._call("cc/delete_module", bk_set_id=current["bk_set_id"], bk_module_id=current["bk_module_id"])

    def predict(self, desired, current=None):
        if current is None:
            current = dict(bk_module_id=None, bk_biz_id=self.biz_id, bk_set_id=self.set_id, bk_parent_id=self.set_id)
        return dict(current, **desired)
