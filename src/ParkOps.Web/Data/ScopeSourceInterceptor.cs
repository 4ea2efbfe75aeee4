using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Data;

/// <summary>
/// Drops the cached actor scopes (<see cref="ActorScopeCache"/>) when a save changes what a scope is made from:
/// users, role grants, enterprises, parks or regions. A save inside a longer transaction drops them again when that
/// transaction commits, so no request caches the state from before the commit for longer than one request.
/// </summary>
/// <remarks>One instance serves every context; what a save in progress found is kept on its context (<see cref="ParkOpsDb.ScopeSave"/>).</remarks>
public sealed class ScopeSourceInterceptor(ActorScopeCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>One context's findings: its save changes scope sources; it saved them inside a transaction not yet committed.</summary>
    public sealed class SaveState
    {
        internal bool Changing;
        internal bool Uncommitted;
    }

    private static bool IsScopeSource(object entity) =>
        entity is Features.Users.User or Features.Users.RoleGrant or Features.Enterprises.Enterprise or Features.Parks.Park or Features.Parks.Region;

    // |=: the audit interceptor saves its rows in a nested save, which must not clear what the outer one found
    private static void Look(DbContext? context)
    {
        if (context is ParkOpsDb db)
            db.ScopeSave.Changing |= context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsScopeSource(e.Entity));
    }

    private void Saved(DbContext? context)
    {
        if (context is not ParkOpsDb { ScopeSave: { Changing: true } st }) return;
        st.Changing = false;
        cache.Invalidate();
        if (context.Database.CurrentTransaction is not null) st.Uncommitted = true;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData e, InterceptionResult<int> result) { Look(e.Context); return result; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData e, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Look(e.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData e, int result) { Saved(e.Context); return result; }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData e, int result, CancellationToken ct = default)
    {
        Saved(e.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData e) => Failed(e.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData e, CancellationToken ct = default)
    {
        Failed(e.Context);
        return Task.CompletedTask;
    }

    private static void Failed(DbContext? context)
    {
        if (context is ParkOpsDb db) db.ScopeSave.Changing = false;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is not ParkOpsDb { ScopeSave: { Uncommitted: true } st }) return;
        st.Uncommitted = false;
        cache.Invalidate();
    }
}
