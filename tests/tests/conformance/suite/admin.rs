// The admin API: identities, their sessions, recovery links.

impl Suite {
    /// The identity and recovery-link operations of the admin API.
    fn admin(&mut self) {
        self.each("adminListIdentities", |c, i| async move {
            success(
                c.admin_list_identities_with_response(opt(i, 0, per_page(i)), opt(i, 1, page(i)))
                    .await,
                200,
            )
        });
        statuses!(self, "adminListIdentities", |c| c.admin_list_identities_with_response(None, None), {
            500 => api::AdminListIdentitiesError::InternalServerError(body) => body,
        });

        self.each("adminCreateIdentity", |c, i| async move {
            let body: Option<api::AdminCreateIdentityBody> =
                (i != 0).then(|| typed(new_identity(i))).transpose()?;
            success(
                c.admin_create_identity_with_response(body.as_ref()).await,
                201,
            )
        });
        statuses!(self, "adminCreateIdentity", |c| c.admin_create_identity_with_response(Some(&typed(new_identity(15))?)), {
            400 => api::AdminCreateIdentityError::BadRequest(body) => body,
            409 => api::AdminCreateIdentityError::Conflict(body) => body,
            500 => api::AdminCreateIdentityError::InternalServerError(body) => body,
        });

        self.each("adminGetIdentity", |c, i| async move {
            let types = opt(i, 0, credential_types(i / 2));
            success(
                c.admin_get_identity_with_response(&text(i), types.as_deref())
                    .await,
                200,
            )
        });
        statuses!(self, "adminGetIdentity", |c| c.admin_get_identity_with_response(&uuid(1), None), {
            404 => api::AdminGetIdentityError::NotFound(body) => body,
            500 => api::AdminGetIdentityError::InternalServerError(body) => body,
        });

        self.each("adminUpdateIdentity", |c, i| async move {
            let body: Option<api::AdminUpdateIdentityBody> = (i % 5 != 4)
                .then(|| typed(identity_update(i)))
                .transpose()?;
            success(
                c.admin_update_identity_with_response(&text(i), body.as_ref())
                    .await,
                200,
            )
        });
        statuses!(self, "adminUpdateIdentity", |c| c.admin_update_identity_with_response(&uuid(2), Some(&typed(identity_update(2))?)), {
            400 => api::AdminUpdateIdentityError::BadRequest(body) => body,
            404 => api::AdminUpdateIdentityError::NotFound(body) => body,
            409 => api::AdminUpdateIdentityError::Conflict(body) => body,
            500 => api::AdminUpdateIdentityError::InternalServerError(body) => body,
        });

        self.each("adminDeleteIdentity", |c, i| async move {
            success(c.admin_delete_identity_with_response(&text(i)).await, 204)
        });
        statuses!(self, "adminDeleteIdentity", |c| c.admin_delete_identity_with_response(&uuid(3)), {
            404 => api::AdminDeleteIdentityError::NotFound(body) => body,
            500 => api::AdminDeleteIdentityError::InternalServerError(body) => body,
        });

        self.each("adminListIdentitySessions", |c, i| async move {
            let (size, number, active) = (
                opt(i, 0, per_page(i)),
                opt(i, 1, page(i)),
                opt(i, 2, has(i, 3)),
            );
            success(
                c.admin_list_identity_sessions_with_response(&text(i), size, number, active)
                    .await,
                200,
            )
        });
        statuses!(self, "adminListIdentitySessions", |c| c.admin_list_identity_sessions_with_response(&uuid(4), None, None, Some(true)), {
            400 => api::AdminListIdentitySessionsError::BadRequest(body) => body,
            401 => api::AdminListIdentitySessionsError::Unauthorized(body) => body,
            404 => api::AdminListIdentitySessionsError::NotFound(body) => body,
            500 => api::AdminListIdentitySessionsError::InternalServerError(body) => body,
        });

        self.each("adminDeleteIdentitySessions", |c, i| async move {
            success(
                c.admin_delete_identity_sessions_with_response(&text(i))
                    .await,
                204,
            )
        });
        statuses!(self, "adminDeleteIdentitySessions", |c| c.admin_delete_identity_sessions_with_response(&uuid(5)), {
            400 => api::AdminDeleteIdentitySessionsError::BadRequest(body) => body,
            401 => api::AdminDeleteIdentitySessionsError::Unauthorized(body) => body,
            404 => api::AdminDeleteIdentitySessionsError::NotFound(body) => body,
            500 => api::AdminDeleteIdentitySessionsError::InternalServerError(body) => body,
        });

        self.each("adminCreateSelfServiceRecoveryLink", |c, i| async move {
            let body: Option<api::AdminCreateSelfServiceRecoveryLinkBody> =
                (i % 7 != 6).then(|| typed(recovery_link(i))).transpose()?;
            success(
                c.admin_create_self_service_recovery_link_with_response(body.as_ref())
                    .await,
                200,
            )
        });
        statuses!(self, "adminCreateSelfServiceRecoveryLink", |c| c.admin_create_self_service_recovery_link_with_response(Some(&typed(recovery_link(1))?)), {
            400 => api::AdminCreateSelfServiceRecoveryLinkError::BadRequest(body) => body,
            404 => api::AdminCreateSelfServiceRecoveryLinkError::NotFound(body) => body,
            500 => api::AdminCreateSelfServiceRecoveryLinkError::InternalServerError(body) => body,
        });
    }
}
