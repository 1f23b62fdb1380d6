"""Access to the publishing screens (issue 7): editors and administrators edit; SEN managers see dashboards."""

EDIT = "officer:administrator,content_editor"
VIEW = "officer:administrator,content_editor,sen_manager"

EXPECTED = {
    "local_offer.editor_home": EDIT,
    "local_offer.editor_edit": EDIT,
    "local_offer.editor_history": EDIT,
    "local_offer.editor_diff": EDIT,
    "local_offer.editor_version": EDIT,
    "local_offer.editor_submit": EDIT,
    "local_offer.editor_review": EDIT,
    "local_offer.editor_restore": EDIT,
    "local_offer.editor_cancel_schedule": EDIT,
    "local_offer.editor_unpublish": EDIT,
    "local_offer.review_queue": EDIT,
    "local_offer.freshness": VIEW,
    "local_offer.mark_reviewed": EDIT,
    "local_offer.coverage_dashboard": VIEW,
    "local_offer.coverage_item": EDIT,
    "local_offer.listing_queue": EDIT,
    "local_offer.listing_decide": EDIT,
}

GET_ROUTES = {
    "local_offer.editor_home": "/local-offer/editor/",
    "local_offer.review_queue": "/local-offer/editor/review",
    "local_offer.freshness": "/local-offer/editor/freshness",
    "local_offer.coverage_dashboard": "/local-offer/editor/coverage",
    "local_offer.listing_queue": "/local-offer/editor/listings",
}
