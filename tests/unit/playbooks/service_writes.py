"""The writes the provisioning playbook sends for the payments service (playbooks/services/payments.yml),
sorted by operation: what the playbook tests and the AWX tests expect of the emulator's request log."""

CREATED = sorted(['cc.create_set'] * 2 + ['cc.create_module'] * 3
                 # the six hosts come from the resource pool in one call, then one call per module
                 + ['cc.transfer_resourcehost_to_idlemodule'] + ['cc.transfer_host_module'] * 3
                 + ['codearts.create_host'] * 2
                 + ['codearts.create_host_group', 'dbmind.bind_cluster', 'dbmind.register_cluster', 'dbmind.switch_llm',
                    'monitor_v3.metadata_create_cluster_info', 'ocp.create_cluster', 'ocp.create_tenant'])
# The hosts go back to the resource pool (through the business's idle module) before their sets
# are deleted, modules and all. The CodeArts host group is deleted with its hosts.
DELETED = sorted(['cc.transfer_host_to_idlemodule', 'cc.transfer_host_to_resourcemodule'] + ['cc.delete_set'] * 2
                 + ['codearts.delete_host_group', 'monitor_v3.metadata_delete_cluster_info', 'ocp.delete_cluster',
                    'ocp.delete_tenant'])
# service_update_password=always sends again the passwords the platforms keep but never show: the
# tenant's root password, the CodeArts hosts' logins and GaussMaster's database account.
ROTATED = sorted(['codearts.update_host'] * 2 + ['dbmind.register_cluster', 'ocp.change_tenant_password'])
