"""Access table for the surveys domain: surveys (builder, results) and You said, we did."""

BUILD = "officer:administrator,participation_lead"
RESULTS = "officer:administrator,participation_lead,sen_manager"

EXPECTED = {
    "surveys.survey_list": RESULTS,
    "surveys.survey_new": BUILD,
    "surveys.survey_edit": BUILD,
    "surveys.survey_detail": BUILD,
    "surveys.question_new": BUILD,
    "surveys.question_edit": BUILD,
    "surveys.question_delete": BUILD,
    "surveys.question_move": BUILD,
    "surveys.survey_preview": BUILD,
    "surveys.survey_publish": BUILD,
    "surveys.survey_results": RESULTS,
    "surveys.survey_results_csv": RESULTS,
    "surveys.question_themes": BUILD,
    "surveys.tag_answer": BUILD,
    "surveys.entries": BUILD,
    "surveys.entry_new": BUILD,
    "surveys.entry_edit": BUILD,
    "surveys.entry_detail": BUILD,
    "surveys.entry_progress": BUILD,
    "surveys.entry_publish": BUILD,
    "surveys.entry_link": BUILD,
    "surveys.entry_unlink": BUILD,
    "surveys.entry_exclude": BUILD,
    "surveys.feedback_sources": BUILD,
}

GET_ROUTES = {
    "surveys.survey_list": "/officers/surveys",
    "surveys.survey_new": "/officers/surveys/new",
    "surveys.entries": "/officers/you-said-we-did",
    "surveys.entry_new": "/officers/you-said-we-did/new",
    "surveys.feedback_sources": "/officers/you-said-we-did/sources",
}
