from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Home, open-data catalogue, dashboard and the demo command: the one place
    in ``participation`` allowed to import the domain apps."""

    name = "participation.portal"
    label = "portal"
