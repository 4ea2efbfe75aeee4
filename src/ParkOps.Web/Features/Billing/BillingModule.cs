using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Billing;

/// <summary>The Billing area as the host composes it: bills, payments, credit accounts and the bill run.</summary>
public sealed class BillingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        BillingEndpoints.AddBilling(services);
        services.AddScoped<IToDoSource, BillingToDo>();
        services.AddScoped<OverdueNotices>().AddSingleton<OverdueNoticeJob>();
        services.AddHostedService(sp => sp.GetRequiredService<OverdueNoticeJob>());
    }

    public IEnumerable<System.CommandLine.Command> Commands() => BillingCli.Commands();

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        BillingEndpoints.MapBilling(areas);
    }
}
