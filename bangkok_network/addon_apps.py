"""Thai names for the add-ons' sections of the admin (their own AppConfigs name none, or in English).

settings.INSTALLED_APPS lists these classes in place of the add-ons' module names. They live
outside ``bangkok_network/apps.py``: a second AppConfig there would stop Django choosing the core's.
"""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesThaiConfig(AxesAppConfig):
    verbose_name = "ความปลอดภัยการเข้าสู่ระบบ"


class TasksDbThaiConfig(TasksAppConfig):
    verbose_name = "งานเบื้องหลัง (สร้างเอกสาร)"
