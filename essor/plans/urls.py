from django.urls import path

from essor.plans.views import actions, analysis, documents, plans, public, scenarios

app_name = "plans"
P = "<int:process_id>/plan/"
PLAN = P + "<int:plan_id>/"
ACTION = P + "actions/<int:action_id>/"
urlpatterns = [
    path(P, plans.plan_list, name="list"),
    path(P + "nouveau/", plans.plan_create, name="create"),
    path(P + "leviers/", plans.lever_list, name="levers"),
    path(P + "leviers/<int:lever_id>/supprimer/", plans.lever_delete, name="lever_delete"),
    path(P + "mes-actions/", analysis.my_actions, name="my_actions"),
    path(P + "feuille-de-route/", public.public_plan, name="public"),
    path(P + "import/", documents.import_upload, name="import"),
    path(P + "import/apercu/", documents.import_preview, name="import_preview"),
    path(P + "import/modele/", documents.import_template, name="import_template"),
    path(PLAN, plans.plan_detail, name="detail"),
    path(PLAN + "modifier/", plans.plan_edit, name="edit"),
    path(PLAN + "axes/nouveau/", plans.axis_edit, name="axis_create"),
    path(PLAN + "axes/<int:axis_id>/", plans.axis_edit, name="axis_edit"),
    path(PLAN + "axes/<int:axis_id>/supprimer/", plans.axis_delete, name="axis_delete"),
    path(PLAN + "actions/nouvelle/", actions.action_create, name="action_create"),
    path(PLAN + "transversalite/", analysis.matrix, name="matrix"),
    path(PLAN + "frise/", analysis.timeline, name="timeline"),
    path(PLAN + "tracabilite/", analysis.traceability, name="traceability"),
    path(PLAN + "copier/", scenarios.duplicate, name="duplicate"),
    path(PLAN + "comparer/", scenarios.compare, name="compare"),
    path(PLAN + "soumettre/", scenarios.submit, name="submit"),
    path(PLAN + "soumissions/<int:submission_id>/decision/", scenarios.decide, name="decide"),
    path(PLAN + "vote/", scenarios.council_vote, name="council_vote"),
    path(PLAN + "export/<str:fmt>/", documents.export, name="export"),
    path(ACTION, actions.action_detail, name="action"),
    path(ACTION + "modifier/", actions.action_edit, name="action_edit"),
    path(ACTION + "historique/", actions.action_history, name="action_history"),
    path(ACTION + "sources/", actions.action_sources, name="action_sources"),
    path(ACTION + "supprimer/", actions.action_delete, name="action_delete"),
    path(ACTION + "commentaires/", actions.comment_add, name="comment_add"),
    path(ACTION + "pieces-jointes/", actions.attachment_add, name="attachment_add"),
    path(
        P + "pieces-jointes/<int:attachment_id>/",
        actions.attachment_download,
        name="attachment_download",
    ),
    path(
        P + "pieces-jointes/<int:attachment_id>/supprimer/",
        actions.attachment_delete,
        name="attachment_delete",
    ),
    path(ACTION + "reorientations/", actions.reorientation_add, name="reorientation_add"),
    path(
        P + "reorientations/<int:item_id>/",
        actions.reorientation_decide,
        name="reorientation_decide",
    ),
]
