// Recovering an account and verifying an address (both by `link`).

/// The one recovery and verification method, in JSON and in a form.
const LINK: &[&str] = &["link"];

impl Suite {
    /// The recovery flow.
    fn recovery(&mut self) {
        self.submit(
            "submitSelfServiceRecoveryFlow",
            [LINK, LINK],
            link,
            |c, kind, i, body: Option<Value>| async move {
                let body: Option<api::SubmitSelfServiceRecoveryFlowWithLinkMethodBody> =
                    body.map(typed).transpose()?;
                let (flow, link_token) = (text(i), opt(i, 2, token(i)));
                let result = match kind {
                    Kind::ValidForm => {
                        c.submit_self_service_recovery_flow_form_with_response(
                            &flow,
                            link_token.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                    _ => {
                        c.submit_self_service_recovery_flow_with_response(
                            &flow,
                            link_token.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                };
                success(result, 200)
            },
        );
        statuses!(self, "submitSelfServiceRecoveryFlow", |c| c.submit_self_service_recovery_flow_with_response(&uuid(13), None, Some(&typed(flow("link", 1, 13, link))?)), {
            303 => api::SubmitSelfServiceRecoveryFlowError::SeeOther => &(),
            400 => api::SubmitSelfServiceRecoveryFlowError::BadRequest(body) => body,
            410 => api::SubmitSelfServiceRecoveryFlowError::Gone(body) => body,
            500 => api::SubmitSelfServiceRecoveryFlowError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceRecoveryFlowWithoutBrowser",
            |c, _| async move {
                success(
                    c.initialize_self_service_recovery_flow_without_browser_with_response()
                        .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceRecoveryFlowWithoutBrowser", |c| c.initialize_self_service_recovery_flow_without_browser_with_response(), {
            400 => api::InitializeSelfServiceRecoveryFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceRecoveryFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceRecoveryFlowForBrowsers",
            |c, i| async move {
                let back = opt(i, 0, return_to(i));
                success(
                    c.initialize_self_service_recovery_flow_for_browsers_with_response(
                        back.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceRecoveryFlowForBrowsers", |c| c.initialize_self_service_recovery_flow_for_browsers_with_response(Some(&return_to(14))), {
            303 => api::InitializeSelfServiceRecoveryFlowForBrowsersError::SeeOther => &(),
            400 => api::InitializeSelfServiceRecoveryFlowForBrowsersError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceRecoveryFlowForBrowsersError::InternalServerError(body) => body,
        });

        self.each("getSelfServiceRecoveryFlow", |c, i| async move {
            let cookies = opt(i, 0, cookie(i));
            success(
                c.get_self_service_recovery_flow_with_response(&text(i), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "getSelfServiceRecoveryFlow", |c| c.get_self_service_recovery_flow_with_response(&uuid(15), None), {
            404 => api::GetSelfServiceRecoveryFlowError::NotFound(body) => body,
            410 => api::GetSelfServiceRecoveryFlowError::Gone(body) => body,
            500 => api::GetSelfServiceRecoveryFlowError::InternalServerError(body) => body,
        });
    }

    /// The verification flow.
    fn verification(&mut self) {
        self.submit(
            "submitSelfServiceVerificationFlow",
            [LINK, LINK],
            link,
            |c, kind, i, body: Option<Value>| async move {
                let body: Option<api::SubmitSelfServiceVerificationFlowWithLinkMethodBody> =
                    body.map(typed).transpose()?;
                let (flow, link_token) = (text(i), opt(i, 2, token(i)));
                let result = match kind {
                    Kind::ValidForm => {
                        c.submit_self_service_verification_flow_form_with_response(
                            &flow,
                            link_token.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                    _ => {
                        c.submit_self_service_verification_flow_with_response(
                            &flow,
                            link_token.as_deref(),
                            body.as_ref(),
                        )
                        .await
                    }
                };
                success(result, 200)
            },
        );
        statuses!(self, "submitSelfServiceVerificationFlow", |c| c.submit_self_service_verification_flow_with_response(&uuid(22), None, Some(&typed(flow("link", 0, 22, link))?)), {
            303 => api::SubmitSelfServiceVerificationFlowError::SeeOther => &(),
            400 => api::SubmitSelfServiceVerificationFlowError::BadRequest(body) => body,
            410 => api::SubmitSelfServiceVerificationFlowError::Gone(body) => body,
            500 => api::SubmitSelfServiceVerificationFlowError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceVerificationFlowWithoutBrowser",
            |c, _| async move {
                success(
                    c.initialize_self_service_verification_flow_without_browser_with_response()
                        .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceVerificationFlowWithoutBrowser", |c| c.initialize_self_service_verification_flow_without_browser_with_response(), {
            400 => api::InitializeSelfServiceVerificationFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceVerificationFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceVerificationFlowForBrowsers",
            |c, i| async move {
                let back = opt(i, 0, return_to(i));
                success(
                    c.initialize_self_service_verification_flow_for_browsers_with_response(
                        back.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceVerificationFlowForBrowsers", |c| c.initialize_self_service_verification_flow_for_browsers_with_response(None), {
            303 => api::InitializeSelfServiceVerificationFlowForBrowsersError::SeeOther => &(),
            500 => api::InitializeSelfServiceVerificationFlowForBrowsersError::InternalServerError(body) => body,
        });

        self.each("getSelfServiceVerificationFlow", |c, i| async move {
            let cookies = opt(i, 0, cookie(i));
            success(
                c.get_self_service_verification_flow_with_response(&text(i), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "getSelfServiceVerificationFlow", |c| c.get_self_service_verification_flow_with_response(&uuid(23), None), {
            403 => api::GetSelfServiceVerificationFlowError::Forbidden(body) => body,
            404 => api::GetSelfServiceVerificationFlowError::NotFound(body) => body,
            500 => api::GetSelfServiceVerificationFlowError::InternalServerError(body) => body,
        });
    }
}
