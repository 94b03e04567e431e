// Changing settings.

// `profile` requires `traits`, so it is sent as JSON only (see registration.rs).
/// Settings methods in JSON.
const SETTINGS: &[&str] = &[
    "password",
    "profile",
    "oidc",
    "totp",
    "webauthn",
    "lookup_secret",
];
/// Settings methods in a form.
const SETTINGS_FORM: &[&str] = &["password", "oidc", "totp", "webauthn", "lookup_secret"];

impl Suite {
    /// The settings flow.
    fn settings(&mut self) {
        self.submit(
            "submitSelfServiceSettingsFlow",
            [SETTINGS, SETTINGS_FORM],
            settings,
            |c, kind, i, body: Option<Value>| async move {
                let body: Option<api::SubmitSelfServiceSettingsFlowBody> =
                    body.map(typed).transpose()?;
                let (flow, session) = (text(i), opt(i, 2, token(i)));
                let result = match kind {
                    Kind::ValidForm => {
                        c.submit_self_service_settings_flow_form_with_response(
                            &flow,
                            session.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                    _ => {
                        c.submit_self_service_settings_flow_with_response(
                            &flow,
                            session.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                };
                success(result, 200)
            },
        );
        statuses!(self, "submitSelfServiceSettingsFlow", |c| c.submit_self_service_settings_flow_with_response(&uuid(18), Some(&token(18)), Some(&typed(flow("password", 1, 18, settings))?)), {
            303 => api::SubmitSelfServiceSettingsFlowError::SeeOther => &(),
            400 => api::SubmitSelfServiceSettingsFlowError::BadRequest(body) => body,
            401 => api::SubmitSelfServiceSettingsFlowError::Unauthorized(body) => body,
            403 => api::SubmitSelfServiceSettingsFlowError::Forbidden(body) => body,
            410 => api::SubmitSelfServiceSettingsFlowError::Gone(body) => body,
            422 => api::SubmitSelfServiceSettingsFlowError::UnprocessableEntity(body) => body,
            500 => api::SubmitSelfServiceSettingsFlowError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceSettingsFlowWithoutBrowser",
            |c, i| async move {
                let session = opt(i, 0, token(i));
                success(
                    c.initialize_self_service_settings_flow_without_browser_with_response(
                        session.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceSettingsFlowWithoutBrowser", |c| c.initialize_self_service_settings_flow_without_browser_with_response(Some(&token(19))), {
            400 => api::InitializeSelfServiceSettingsFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceSettingsFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceSettingsFlowForBrowsers",
            |c, i| async move {
                let back = opt(i, 0, return_to(i));
                success(
                    c.initialize_self_service_settings_flow_for_browsers_with_response(
                        back.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceSettingsFlowForBrowsers", |c| c.initialize_self_service_settings_flow_for_browsers_with_response(Some(&return_to(20))), {
            303 => api::InitializeSelfServiceSettingsFlowForBrowsersError::SeeOther => &(),
            400 => api::InitializeSelfServiceSettingsFlowForBrowsersError::BadRequest(body) => body,
            401 => api::InitializeSelfServiceSettingsFlowForBrowsersError::Unauthorized(body) => body,
            403 => api::InitializeSelfServiceSettingsFlowForBrowsersError::Forbidden(body) => body,
            500 => api::InitializeSelfServiceSettingsFlowForBrowsersError::InternalServerError(body) => body,
        });

        self.each("getSelfServiceSettingsFlow", |c, i| async move {
            let (session, cookies) = (opt(i, 0, token(i)), opt(i, 1, cookie(i)));
            success(
                c.get_self_service_settings_flow_with_response(
                    &text(i),
                    session.as_deref(),
                    cookies.as_deref(),
                )
                .await,
                200,
            )
        });
        statuses!(self, "getSelfServiceSettingsFlow", |c| c.get_self_service_settings_flow_with_response(&uuid(21), Some(&token(21)), None), {
            401 => api::GetSelfServiceSettingsFlowError::Unauthorized(body) => body,
            403 => api::GetSelfServiceSettingsFlowError::Forbidden(body) => body,
            404 => api::GetSelfServiceSettingsFlowError::NotFound(body) => body,
            410 => api::GetSelfServiceSettingsFlowError::Gone(body) => body,
            500 => api::GetSelfServiceSettingsFlowError::InternalServerError(body) => body,
        });
    }
}
