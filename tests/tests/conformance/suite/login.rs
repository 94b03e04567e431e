// Logging in and out.

/// Login methods, in JSON and in a form.
const LOGIN: &[&str] = &["password", "oidc", "totp", "webauthn", "lookup_secret"];

impl Suite {
    /// The login flow.
    fn login(&mut self) {
        self.submit(
            "submitSelfServiceLoginFlow",
            [LOGIN, LOGIN],
            login,
            |c, kind, i, body: Option<Value>| async move {
                let body: Option<api::SubmitSelfServiceLoginFlowBody> =
                    body.map(typed).transpose()?;
                let (flow, session) = (text(i), opt(i, 2, token(i)));
                let result = match kind {
                    Kind::ValidForm => {
                        c.submit_self_service_login_flow_form_with_response(
                            &flow,
                            session.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                    _ => {
                        c.submit_self_service_login_flow_with_response(
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
        statuses!(self, "submitSelfServiceLoginFlow", |c| c.submit_self_service_login_flow_with_response(&uuid(7), None, Some(&typed(flow("password", 0, 7, login))?)), {
            303 => api::SubmitSelfServiceLoginFlowError::SeeOther => &(),
            400 => api::SubmitSelfServiceLoginFlowError::BadRequest(body) => body,
            410 => api::SubmitSelfServiceLoginFlowError::Gone(body) => body,
            422 => api::SubmitSelfServiceLoginFlowError::UnprocessableEntity(body) => body,
            500 => api::SubmitSelfServiceLoginFlowError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceLoginFlowWithoutBrowser",
            |c, i| async move {
                let (refresh, level, session) =
                    (opt(i, 0, has(i, 3)), opt(i, 1, aal(i)), opt(i, 2, token(i)));
                success(
                    c.initialize_self_service_login_flow_without_browser_with_response(
                        refresh,
                        level,
                        session.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceLoginFlowWithoutBrowser", |c| c.initialize_self_service_login_flow_without_browser_with_response(None, None, None), {
            400 => api::InitializeSelfServiceLoginFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceLoginFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceLoginFlowForBrowsers",
            |c, i| async move {
                let (refresh, level, back) = (
                    opt(i, 0, has(i, 3)),
                    opt(i, 1, aal(i)),
                    opt(i, 2, return_to(i)),
                );
                success(
                    c.initialize_self_service_login_flow_for_browsers_with_response(
                        refresh,
                        level,
                        back.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceLoginFlowForBrowsers", |c| c.initialize_self_service_login_flow_for_browsers_with_response(Some(true), Some("aal2"), Some(&return_to(8))), {
            303 => api::InitializeSelfServiceLoginFlowForBrowsersError::SeeOther => &(),
            400 => api::InitializeSelfServiceLoginFlowForBrowsersError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceLoginFlowForBrowsersError::InternalServerError(body) => body,
        });

        self.each("getSelfServiceLoginFlow", |c, i| async move {
            let cookies = opt(i, 0, cookie(i));
            success(
                c.get_self_service_login_flow_with_response(&text(i), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "getSelfServiceLoginFlow", |c| c.get_self_service_login_flow_with_response(&uuid(9), Some(&cookie(9))), {
            403 => api::GetSelfServiceLoginFlowError::Forbidden(body) => body,
            404 => api::GetSelfServiceLoginFlowError::NotFound(body) => body,
            410 => api::GetSelfServiceLoginFlowError::Gone(body) => body,
            500 => api::GetSelfServiceLoginFlowError::InternalServerError(body) => body,
        });
    }

    /// Logging out, in browsers and with a session token.
    fn logout(&mut self) {
        self.each("submitSelfServiceLogoutFlow", |c, i| async move {
            let (logout_token, back) = (opt(i, 0, token(i)), opt(i, 1, return_to(i)));
            success(
                c.submit_self_service_logout_flow_with_response(
                    logout_token.as_deref(),
                    back.as_deref(),
                )
                .await,
                204,
            )
        });
        statuses!(self, "submitSelfServiceLogoutFlow", |c| c.submit_self_service_logout_flow_with_response(Some(&token(10)), None), {
            303 => api::SubmitSelfServiceLogoutFlowError::SeeOther => &(),
            500 => api::SubmitSelfServiceLogoutFlowError::InternalServerError(body) => body,
        });

        self.each(
            "submitSelfServiceLogoutFlowWithoutBrowser",
            |c, i| async move {
                let body: api::SubmitSelfServiceLogoutFlowWithoutBrowserBody = typed(logout(i))?;
                success(
                    c.submit_self_service_logout_flow_without_browser_with_response(&body)
                        .await,
                    204,
                )
            },
        );
        statuses!(self, "submitSelfServiceLogoutFlowWithoutBrowser", |c| c.submit_self_service_logout_flow_without_browser_with_response(&typed(logout(11))?), {
            400 => api::SubmitSelfServiceLogoutFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::SubmitSelfServiceLogoutFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "createSelfServiceLogoutFlowUrlForBrowsers",
            |c, i| async move {
                let cookies = opt(i, 0, cookie(i));
                success(
                    c.create_self_service_logout_flow_url_for_browsers_with_response(
                        cookies.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "createSelfServiceLogoutFlowUrlForBrowsers", |c| c.create_self_service_logout_flow_url_for_browsers_with_response(Some(&cookie(12))), {
            401 => api::CreateSelfServiceLogoutFlowUrlForBrowsersError::Unauthorized(body) => body,
            500 => api::CreateSelfServiceLogoutFlowUrlForBrowsersError::InternalServerError(body) => body,
        });
    }
}
