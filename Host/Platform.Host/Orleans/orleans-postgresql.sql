-- Orleans 10 ADO.NET providers (invariant "Npgsql") on PostgreSQL 15+: the project's own schema.
--
-- Run by OrleansSchema.EnsureAsync inside one transaction under an advisory lock, on every start:
-- every statement here is idempotent (IF NOT EXISTS, CREATE OR REPLACE, upserts). Do not put
-- BEGIN/COMMIT in this file.
--
-- The contract (learnt from the 10.4.2 provider code, not from its scripts):
--   * The providers read "SELECT QueryKey, QueryText FROM OrleansQuery" and run each QueryText with
--     named parameters (@Name). They bind every parameter with an explicit DbType, so parameters
--     arrive typed (text, int4, int8, bytea, timestamptz).
--   * Result columns are read by name (case-insensitively by Npgsql); they are aliased here with
--     the exact spelling the providers ask for.
--   * Identifiers are unquoted on purpose: the providers query OrleansQuery unquoted, so every
--     table and column name folds to lower case.
--
-- Differences from the scripts shipped in dotnet/orleans:
--   * OrleansStorage has a unique key on the grain's identity, so two concurrent first writes of
--     the same grain produce exactly one row; the loser gets no version back and the provider
--     throws InconsistentStateException.
--   * OrleansRemindersTable has an index on (ServiceId, GrainHash) for the ring-range reads that
--     every silo runs on each reminder refresh.
--   * Membership inserts/updates bump the table version only when the row change succeeds (no
--     assert/exception trick, no half-applied version bump).
--   * Dead-silo cleanup deletes only rows that are Dead (status 6), never Joining/ShuttingDown.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);

---------------------------------------------------------------------------------------------------
-- Clustering (membership)
---------------------------------------------------------------------------------------------------

-- One row per cluster (the provider calls it DeploymentId; it is ClusterOptions.ClusterId).
-- Version is the optimistic-concurrency token of the whole membership table.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

-- One row per silo instance (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text        NOT NULL,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL DEFAULT 0,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Inserts a silo row if the caller's table version is current; bumps the version only then.
-- Returns 1 on success, 0 on a version conflict or if the row already exists.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Lock the version row, and only if it still carries the version the caller read. Under READ
    -- COMMITTED a concurrent writer that bumped it makes this find nothing.
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
         StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$fn$;

-- Updates a silo row if the caller's table version is current; bumps the version only then.
-- Returns 1 on success, 0 on a version conflict or a missing row.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status       = p_status,
        SuspectTimes = p_suspect_times,
        -- a heartbeat written meanwhile by UpdateIAmAlivetimeKey must not go backwards
        IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive)
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address
      AND Port = p_port
      AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- @DeploymentId -> one column: 1 if the version row was created, 0 if it existed.
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS "RowCount" FROM inserted;
$q$),
-- -> one column: 1 on success, 0 on conflict.
('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version) AS "RowCount";
$q$),
-- -> one column: 1 on success, 0 on conflict.
('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
        @Version) AS "RowCount";
$q$),
-- Heartbeat; no result is read. Never moves IAmAliveTime backwards.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
$q$),
-- The version row left-joined to the silo's row: one row always (while the version row exists),
-- silo columns NULL when the silo is unknown. StartTime NULL means "no entry".
('MembershipReadRowKey', $q$
    SELECT
        v.DeploymentId AS "DeploymentId",
        m.Address      AS "Address",
        m.Port         AS "Port",
        m.Generation   AS "Generation",
        m.SiloName     AS "SiloName",
        m.HostName     AS "HostName",
        m.Status       AS "Status",
        m.ProxyPort    AS "ProxyPort",
        m.SuspectTimes AS "SuspectTimes",
        m.StartTime    AS "StartTime",
        m.IAmAliveTime AS "IAmAliveTime",
        v.Version      AS "Version"
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address
       AND m.Port = @Port
       AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT
        v.DeploymentId AS "DeploymentId",
        m.Address      AS "Address",
        m.Port         AS "Port",
        m.Generation   AS "Generation",
        m.SiloName     AS "SiloName",
        m.HostName     AS "HostName",
        m.Status       AS "Status",
        m.ProxyPort    AS "ProxyPort",
        m.SuspectTimes AS "SuspectTimes",
        m.StartTime    AS "StartTime",
        m.IAmAliveTime AS "IAmAliveTime",
        v.Version      AS "Version"
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$q$),
-- @Status is Active (3): the gateways a client may connect to.
('GatewaysQueryKey', $q$
    SELECT
        Address    AS "Address",
        ProxyPort  AS "ProxyPort",
        Generation AS "Generation"
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
-- Fallback used only when CleanupDefunctSiloEntryKey is absent: Dead silos older than the cutoff.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = 6
      AND IAmAliveTime < @IAmAliveTime
      AND StartTime < @IAmAliveTime;
$q$),
-- Optional (10.4+): the provider picks the Dead rows itself and deletes each one only if it has
-- not changed since it was read (same start, heartbeat and suspicions).
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
      AND Status = 6
      AND StartTime = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

---------------------------------------------------------------------------------------------------
-- Grain storage
---------------------------------------------------------------------------------------------------

-- A grain's identity: (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString).
--   Guid keys:    N0/N1 = the two halves of the Guid, extension = key extension or NULL
--   long keys:    N0 = 0, N1 = the key,               extension = key extension or NULL
--   string keys:  N0 = N1 = 0,                        extension = the key
-- GrainIdHash/GrainTypeHash are hashes of the same values, computed by the provider; they lead the
-- unique index so that lookups are narrow.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NOT NULL
);

-- The race fix: one row per grain identity. NULLS NOT DISTINCT (PostgreSQL 15+) makes two rows
-- with a NULL key extension collide as they should.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                       GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- Versions are opaque to Orleans; they only have to change on every write. Wrap instead of
-- failing on overflow after 2^31 writes of one grain.
CREATE OR REPLACE FUNCTION orleans_storage_next_version(p_version integer)
RETURNS integer
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT CASE WHEN p_version >= 2147483647 THEN 1 ELSE p_version + 1 END;
$fn$;

-- Writes a grain's state.
--   p_expected_version NULL  -> first write: insert; if the row exists (another writer won, or
--                               this activation is stale) nothing is written.
--   p_expected_version given -> update only if the row still has that version.
-- Returns the new version, or NULL on a conflict (the provider then throws
-- InconsistentStateException).
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer,
    p_payload          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_ext, p_service_id, p_payload, now(), 1)
        ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                     GrainTypeString, GrainIdExtensionString) DO NOTHING
        RETURNING Version INTO v_new;
    ELSE
        UPDATE OrleansStorage
        SET PayloadBinary = p_payload,
            ModifiedOn    = now(),
            Version       = orleans_storage_next_version(Version)
        WHERE GrainIdHash = p_grain_id_hash
          AND GrainTypeHash = p_grain_type_hash
          AND GrainIdN0 = p_grain_id_n0
          AND GrainIdN1 = p_grain_id_n1
          AND ServiceId = p_service_id
          AND GrainTypeString = p_grain_type
          AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
          AND Version = p_expected_version
        RETURNING Version INTO v_new;
    END IF;
    RETURN v_new;
END
$fn$;

-- Clears a grain's state but keeps the row (and a new version), so the grain can go on writing
-- with the returned ETag. Returns the new version, or NULL on a conflict.
CREATE OR REPLACE FUNCTION orleans_storage_clear(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    -- A clear is a write of no payload: the same version rules, the same race-free first write.
    SELECT orleans_storage_write(p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash,
                                 p_grain_type, p_grain_id_ext, p_service_id, p_expected_version, NULL);
$fn$;

-- Deletes a grain's row (AdoNetGrainStorageOptions.DeleteStateOnClear = true) if it still has the
-- expected version. Returns a value different from the expected version on success (the provider
-- only checks that), NULL on a conflict.
CREATE OR REPLACE FUNCTION orleans_storage_delete(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_old integer;
BEGIN
    IF p_expected_version IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = p_grain_id_hash
      AND GrainTypeHash = p_grain_type_hash
      AND GrainIdN0 = p_grain_id_n0
      AND GrainIdN1 = p_grain_id_n1
      AND ServiceId = p_service_id
      AND GrainTypeString = p_grain_type
      AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
      AND Version = p_expected_version
    RETURNING Version INTO v_old;
    RETURN orleans_storage_next_version(v_old);
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- -> zero or one row: PayloadBinary (NULL after a clear), Version.
('ReadFromStorageKey', $q$
    SELECT
        PayloadBinary AS "PayloadBinary",
        Version       AS "Version"
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
-- -> one row, column NewGrainStateVersion: the new version, or NULL on a conflict.
('WriteToStorageKey', $q$
    SELECT orleans_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS "NewGrainStateVersion";
$q$),
-- -> one row, first column: the new version, or NULL on a conflict.
('ClearStorageKey', $q$
    SELECT orleans_storage_clear(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
        AS "NewGrainStateVersion";
$q$),
('DeleteStorageKey', $q$
    SELECT orleans_storage_delete(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
        AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

---------------------------------------------------------------------------------------------------
-- Reminders
---------------------------------------------------------------------------------------------------

-- GrainHash is GrainId.GetUniformHashCode() as a signed int; Period is in milliseconds.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its ring range(s) on start and on every refresh.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- -> one row, column Version: the reminder's new ETag.
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = CASE WHEN r.Version >= 2147483647 THEN 0 ELSE r.Version + 1 END
    RETURNING r.Version AS "Version";
$q$),
('ReadReminderRowsKey', $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
$q$),
('ReadReminderRowKey', $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
$q$),
-- Ring range that does not wrap (signed BeginHash < EndHash): (BeginHash, EndHash].
('ReadRangeRows1Key', $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
$q$),
-- Ring range that wraps: (BeginHash, max] and [min, EndHash]. Two index range scans, no OR.
('ReadRangeRows2Key', $q$
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
    UNION ALL
    SELECT
        GrainId      AS "GrainId",
        ReminderName AS "ReminderName",
        StartTime    AS "StartTime",
        Period       AS "Period",
        Version      AS "Version"
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash <= @EndHash
      AND GrainHash <= @BeginHash;
$q$),
-- -> one column: true if the row with that ETag was deleted.
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId
          AND GrainId = @GrainId
          AND ReminderName = @ReminderName
          AND Version = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 AS "Deleted" FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
