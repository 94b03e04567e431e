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
            401 => api::ToSessionError::Unauthorized(body) => body,
            403 => api::ToSessionError::Forbidden(body) => body,
            500 => api::ToSessionError::InternalServerError(body) => body,
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
            400 => api::ListSessionsError::BadRequest(body) => body,
            401 => api::ListSessionsError::Unauthorized(body) => body,
            404 => api::ListSessionsError::NotFound(body) => body,
            500 => api::ListSessionsError::InternalServerError(body) => body,
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
            400 => api::RevokeSessionsError::BadRequest(body) => body,
            401 => api::RevokeSessionsError::Unauthorized(body) => body,
            404 => api::RevokeSessionsError::NotFound(body) => body,
            500 => api::RevokeSessionsError::InternalServerError(body) => body,
        });

        self.each("revokeSession", |c, i| async move {
            success(c.revoke_session_with_response(&text(i)).await, 204)
        });
        statuses!(self, "revokeSession", |c| c.revoke_session_with_response(&uuid(27)), {
            400 => api::RevokeSessionError::BadRequest(body) => body,
            401 => api::RevokeSessionError::Unauthorized(body) => body,
            500 => api::RevokeSessionError::InternalServerError(body) => body,
        });
    }
}
