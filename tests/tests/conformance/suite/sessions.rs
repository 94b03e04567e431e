// The caller's sessions.

impl Suite {
    /// The caller's sessions.
    fn sessions(&mut self) {
        self.each("toSession", |c, i| async move {
            let (session, cookies) = (opt(i, 0, token(i)), opt(i, 1, cookie(i)));
            success(
                c.to_session_with_response(session.as_deref(), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "toSession", |c| c.to_session_with_response(Some(&token(24)), None), {
            401 => api::ToSessionError::Unauthorized(_),
            403 => api::ToSessionError::Forbidden(_),
            500 => api::ToSessionError::InternalServerError(_),
        });

        self.each("listSessions", |c, i| async move {
            let (session, cookies) = (opt(i, 0, token(i)), opt(i, 1, cookie(i)));
            let (size, number) = (opt(i, 2, per_page(i)), opt(i, 3, page(i)));
            success(
                c.list_sessions_with_response(session.as_deref(), cookies.as_deref(), size, number)
                    .await,
                200,
            )
        });
        statuses!(self, "listSessions", |c| c.list_sessions_with_response(Some(&token(25)), None, None, None), {
            400 => api::ListSessionsError::BadRequest(_),
            401 => api::ListSessionsError::Unauthorized(_),
            404 => api::ListSessionsError::NotFound(_),
            500 => api::ListSessionsError::InternalServerError(_),
        });

        self.each("revokeSessions", |c, i| async move {
            let (session, cookies) = (opt(i, 0, token(i)), opt(i, 1, cookie(i)));
            success(
                c.revoke_sessions_with_response(session.as_deref(), cookies.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "revokeSessions", |c| c.revoke_sessions_with_response(Some(&token(26)), None), {
            400 => api::RevokeSessionsError::BadRequest(_),
            401 => api::RevokeSessionsError::Unauthorized(_),
            404 => api::RevokeSessionsError::NotFound(_),
            500 => api::RevokeSessionsError::InternalServerError(_),
        });

        self.each("revokeSession", |c, i| async move {
            success(c.revoke_session_with_response(&text(i)).await, 204)
        });
        statuses!(self, "revokeSession", |c| c.revoke_session_with_response(&uuid(27)), {
            400 => api::RevokeSessionError::BadRequest(_),
            401 => api::RevokeSessionError::Unauthorized(_),
            500 => api::RevokeSessionError::InternalServerError(_),
        });
    }
}
