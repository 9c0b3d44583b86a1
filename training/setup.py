"""What the training app tells the rest of the portal, from its AppConfig.ready(): the menu
item, home-page panels, the uptake of learning marked "training to change", scorecard figures,
the yearly report's section, and what it holds about people and for how long."""

from core import assurance, learning, mywork, navigation, public

from . import figures, permissions, personal_data, report
from . import learning as uptake
from . import mywork as panels


def register() -> None:
    from . import services  # noqa: F401 - registers its notification kinds

    public.register_public_page("Training courses", "training:catalogue", 70, sections=("training:catalogue",))
    navigation.register(
        navigation.NavItem(
            "Training",
            "training:programme",
            60,
            permissions.can_use_training,
            sections=("training:",),
            section="training",
        )
    )
    mywork.register(mywork.Panel("training", "training/_mywork.html", 8, panels.my_training))
    mywork.register(mywork.Panel("training-trainer", "training/_mywork_trainer.html", 9, panels.sessions_to_mark))
    mywork.register(
        mywork.Panel("training-attention", "training/_mywork_attention.html", 24, panels.sessions_needing_attention)
    )
    learning.register_uptake(uptake.PROVIDER)
    figures.register()
    assurance.register_report_section(report.SECTION)
    personal_data.register()
