using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ParkOps.Web.Data;

/// <summary>
/// An area's configuration of an entity that a caller sees by a rule of its own rather than by its marker
/// (<see cref="IParkOwned"/>, <see cref="IEnterpriseOwned"/>, …). The rule is written against the context, reading the
/// caller's scope through its members (<c>db.SeesAll</c>, <c>db.OperatorParkIds</c>, …) and other rows through
/// <c>db.Set&lt;T&gt;()</c>; <see cref="ParkOpsDb"/> binds <c>db</c> to itself, so EF Core reads those members per query
/// exactly as it reads the marker filters'.
/// </summary>
public interface IScopedEntityConfiguration<T> : IEntityTypeConfiguration<T> where T : class
{
    Expression<Func<ParkOpsDb, T, bool>> Scope { get; }
}

/// <summary>A configuration of an entity that exists on some engines only (SQLite's reading inbox): left out on the others.</summary>
public interface IEngineSpecificConfiguration
{
    bool AppliesTo(DatabaseFacade database);
}
