// Signing up.

// Methods that require `traits` (here `password` and `webauthn`, in settings `profile`) are sent
// as JSON only: Kratos reads the dotted form fields the runtime sends (`traits.email=...`), but
// Prism does not deserialize the fields of a form body whose schema is a `oneOf`, so it always
// reports `traits` as missing.
/// Registration methods in JSON.
const REGISTRATION: &[&str] = &["password", "oidc", "webauthn"];
/// Registration methods in a form.
const REGISTRATION_FORM: &[&str] = &["oidc"];

impl Suite {
    /// The registration flow.
    fn registration(&mut self) {
        self.submit(
            "submitSelfServiceRegistrationFlow",
            [REGISTRATION, REGISTRATION_FORM],
            registration,
            |c, kind, i, body: Option<Value>| async move {
                let body: Option<api::SubmitSelfServiceRegistrationFlowBody> =
                    body.map(typed).transpose()?;
                let flow = text(i);
                let result = match kind {
                    Kind::ValidForm => {
                        c.submit_self_service_registration_flow_form_with_response(
                            &flow,
                            body.as_ref(),
                        )
                        .await
                    }
                    _ => {
                        c.submit_self_service_registration_flow_with_response(&flow, body.as_ref())
                            .await
                    }
                };
                success(result, 200)
            },
        );
        statuses!(self, "submitSelfServiceRegistrationFlow", |c| c.submit_self_service_registration_flow_with_response(&uuid(16), Some(&typed(flow("password", 1, 16, registration))?)), {
            303 => api::SubmitSelfServiceRegistrationFlowError::SeeOther => &(),
            400 => api::SubmitSelfServiceRegistrationFlowError::BadRequest(body) => body,
            410 => api::SubmitSelfServiceRegistrationFlowError::Gone(body) => body,
            422 => api::SubmitSelfServiceRegistrationFlowError::UnprocessableEntity(body) => body,
            500 => api::SubmitSelfServiceRegistrationFlowError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceRegistrationFlowWithoutBrowser",
            |c, _| async move {
                success(
                    c.initialize_self_service_registration_flow_without_browser_with_response()
                        .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceRegistrationFlowWithoutBrowser", |c| c.initialize_self_service_registration_flow_without_browser_with_response(), {
            400 => api::InitializeSelfServiceRegistrationFlowWithoutBrowserError::BadRequest(body) => body,
            500 => api::InitializeSelfServiceRegistrationFlowWithoutBrowserError::InternalServerError(body) => body,
        });

        self.each(
            "initializeSelfServiceRegistrationFlowForBrowsers",
            |c, i| async move {
                let back = opt(i, 0, return_to(i));
                success(
                    c.initialize_self_service_registration_flow_for_browsers_with_response(
                        back.as_deref(),
                    )
                    .await,
                    200,
                )
            },
        );
        statuses!(self, "initializeSelfServiceRegistrationFlowForBrowsers", |c| c.initialize_self_service_registration_flow_for_browsers_with_response(None), {
            303 => api::InitializeSelfServiceRegistrationFlowForBrowsersError::SeeOther => &(),
            500 => api::InitializeSelfServiceRegistrationFlowForBrowsersError::InternalServerError(body) => body,
        });

        self.each("getSelfServiceRegistrationFlow", |c, i| async move {
            let cookies = opt(i, 0, cookie(i));
            success(
                c.get_self_service_registration_flow_with_response(&text(i), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "getSelfServiceRegistrationFlow", |c| c.get_self_service_registration_flow_with_response(&uuid(17), Some(&cookie(17))), {
            403 => api::GetSelfServiceRegistrationFlowError::Forbidden(body) => body,
            404 => api::GetSelfServiceRegistrationFlowError::NotFound(body) => body,
            410 => api::GetSelfServiceRegistrationFlowError::Gone(body) => body,
            500 => api::GetSelfServiceRegistrationFlowError::InternalServerError(body) => body,
        });
    }
}
