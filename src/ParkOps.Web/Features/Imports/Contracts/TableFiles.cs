using Microsoft.Extensions.Localization;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Imports.Contracts;

/// <summary>
/// <see cref="ITableFiles"/> for callers without a service provider (owner: Imports; callers: Evaluation's batch
/// commands <c>evaluate mujun</c> and <c>evaluate benefits</c>): the same reader and writer the services are given.
/// </summary>
public static class TableFiles
{
    public static ITableFiles Standalone(IStringLocalizer<Text> t) => new Imports.TableFiles(t);
}
