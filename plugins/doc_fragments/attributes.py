# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The attributes every module documents, said once.

    A module extends DOCUMENTATION (it changes things) or INFO_MODULE (it only reads), and the
    fragment of its platform (BLUEKING, CODEARTS, OCP or DBMIND), which names the module's
    action group in meta/runtime.yml. A module may still describe check_mode or diff_mode in
    its own attributes; its own text wins over the fragment's.
    """

    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    description: In check mode nothing is written; the module returns what it would change.
  diff_mode:
    support: full
    description: The object before and after the task, with secrets masked.
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    description: The module changes nothing, so it has no diff.
"""

    BLUEKING = r"""
requirements:
  - Python 3.11 or later on the host that runs the module, normally the controller. No other
    Python library is needed.
attributes:
  action_group:
    support: full
    membership:
      - clusterops.platforms.blueking
    description: The connection options can be set once for every BlueKing module with
      C(module_defaults) for C(group/clusterops.platforms.blueking).
  platform:
    support: full
    platforms: blueking
    description: The module calls the BlueKing ESB over HTTP(S) from the host it runs on
      (normally the controller, with C(hosts=localhost) or C(delegate_to=localhost)); the
      hosts of the inventory need nothing.
notes:
  - Text options (type C(str)) take text only. A boolean, a decimal number, a list or a dict is
    refused rather than turned into text, so quote a value such as V(yes), V(on) or V(7.10) that
    is meant as text.
  - All options of this fragment can be given once for every module of the collection's
    BlueKing modules with the C(group/clusterops.platforms.blueking) action group in
    C(module_defaults).
"""

    CODEARTS = r"""
requirements:
  - Python 3.11 or later on the host that runs the module, normally the controller. No other
    Python library is needed.
attributes:
  action_group:
    support: full
    membership:
      - clusterops.platforms.codearts
    description: The connection options can be set once for every CodeArts module with
      C(module_defaults) for C(group/clusterops.platforms.codearts).
  platform:
    support: full
    platforms: huaweicloud_codearts
    description: The module calls the Huawei Cloud IAM and CodeArts Deploy APIs over HTTPS from
      the host it runs on (normally the controller, with C(hosts=localhost) or
      C(delegate_to=localhost)); the hosts of the inventory need nothing.
"""

    OCP = r"""
requirements:
  - Python 3.11 or later on the host that runs the module, normally the controller. No other
    Python library is needed.
attributes:
  action_group:
    support: full
    membership:
      - clusterops.platforms.ocp
    description: The connection options can be set once for every OCP module with
      C(module_defaults) for C(group/clusterops.platforms.ocp).
  platform:
    support: full
    platforms: oceanbase_ocp
    description: The module calls the OceanBase Cloud Platform API over HTTP(S) from the host it
      runs on (normally the controller, with C(hosts=localhost) or C(delegate_to=localhost)); the
      hosts of the inventory need nothing.
"""

    DBMIND = r"""
requirements:
  - Python 3.11 or later on the host that runs the module, normally the controller. No other
    Python library is needed (the client key is decrypted by the standard C(ssl) module).
attributes:
  action_group:
    support: full
    membership:
      - clusterops.platforms.dbmind
    description: The connection options can be set once for every GaussMaster module with
      C(module_defaults) for C(group/clusterops.platforms.dbmind).
  platform:
    support: full
    platforms: opengauss_gaussmaster
    description: The module calls the GaussMaster API over HTTPS with a client certificate from
      the host it runs on (normally the controller, with C(hosts=localhost) or
      C(delegate_to=localhost)); the hosts of the inventory need nothing.
"""
