using ParkOps.Web.Data;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// A fact about PostgreSQL alone (a database-level guarantee SQLite does not have, or a PostgreSQL object such as a
/// sequence): on a SQLite run it is reported as skipped, with the reason, never silently passed.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute(string why)
    {
        if (ParkOpsFactory.Provider != DatabaseProvider.Postgres) Skip = "PostgreSQL only: " + why;
    }
}
