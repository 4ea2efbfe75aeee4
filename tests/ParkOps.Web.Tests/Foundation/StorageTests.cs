using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

[Collection(DemoCollection.Name)]
public sealed class StorageTests(ParkOpsFactory app)
{
    [Fact]
    public async Task Database_IsTheEngineTheRunAskedFor()
    {
        var isPostgres = await app.WithDbAsync(db => Task.FromResult(db.Database.IsNpgsql()));
        isPostgres.ShouldBe(ParkOpsFactory.Provider == DatabaseProvider.Postgres);
    }
}
