using System.Globalization;
using ParkOps.Domain.Rules;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Components;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Auth;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Evaluation;
using ParkOps.Web.Features.Imports;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Risk;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web;

/// <summary>Composition only: each area adds its services and maps its endpoints.</summary>
public static class ParkOpsHost
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json and wwwroot sit beside the binaries, whatever folder the server is started from; a host
        // that names its own content root (the test factory does) keeps it
        var ownRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ownRoot ? null : AppContext.BaseDirectory });
        // the framework's own files (/_framework/blazor.web.js) come from the build's static-assets manifest in any
        // environment, not only Development (a published app has them in wwwroot)
        builder.WebHost.UseStaticWebAssets();
        // run from the build's output the static-assets manifest would switch on the development reloader: every asset
        // answered no-cache, and its GET/HEAD fallback on {**path:file} a candidate for every path, so a GET to a
        // POST-only API route answered 404 instead of 405. Off unless set: assets are served as a published app serves them
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        configure?.Invoke(builder);
        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    /// <summary>
    /// The areas, composed in this order (services, then routes). An area is one folder under Features with one module;
    /// adding an area is its folder, one line here, and its migrations.
    /// </summary>
    public static readonly IReadOnlyList<Platform.IAreaModule> Modules =
    [
        new Features.Auth.AuthModule(), new Platform.PlatformModule(), new Features.Parks.ParksModule(), new Features.Enterprises.EnterprisesModule(),
        new Features.Spaces.SpacesModule(), new Features.Users.UsersModule(), new Features.Audit.AuditModule(), new Features.Imports.ImportModule(),
        new Features.Leasing.LeasingModule(), new Features.Billing.BillingModule(), new Features.Demo.DemoModule(), new Features.Metering.MeteringModule(),
        new Features.Reporting.ReportingModule(), new Features.Evaluation.EvaluationModule(), new Features.Contribution.ContributionModule(), new Features.Risk.RiskModule(),
        new Features.ReserveFund.FundModule(), new Features.ServiceDesk.ServiceDeskModule(), new Features.Booking.BookingModule(),
        new Features.Marketplace.MarketplaceModule(), new Features.Matching.MatchingModule(), new Features.ParkServices.ParkServicesModule(), new Features.Orders.OrdersModule(), new Features.Chains.ChainsModule(), new Features.Grading.GradingModule(), new Features.Notifications.NotificationsModule(),
        new Features.Dashboard.DashboardModule(),
    ];

    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentActor>());
        services.AddParkOpsDatabase(config);
        services.AddScoped<Migrator>();
        services.AddLocalization();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // under test a 500 names its exception, so a failure seen only on a loaded CI machine can be read from the
            // test's output; a real deployment never tells a client what broke inside it
            if (c.Exception is { } ex && c.ProblemDetails.Status >= 500 && c.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsEnvironment("Testing"))
                c.ProblemDetails.Extensions["exception"] = TextRules.Excerpt(ex.ToString(), 2000);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<InputGuard>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddRequiredIds();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "ParkOps API";
                doc.Info.Description = "小微企业园运营平台 API. Sign in with POST /api/v1/auth/login and send `Authorization: Bearer <accessToken>`. Errors are RFC 9457 ProblemDetails with `rule`, `field` and `traceId`. "
                    + "Every POST accepts an `Idempotency-Key` header (1–100 visible ASCII characters, kept 24 h per user): a retry with the same key and body answers the first result, the same key with another body is 409.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((op, ctx, _) =>
            {
                if (ctx.Description.HttpMethod == "POST" && ctx.Description.RelativePath?.StartsWith("api/v1/auth", StringComparison.Ordinal) == false)
                {
                    op.Parameters ??= [];
                    op.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                    {
                        Name = IdempotencyMiddleware.Header, In = Microsoft.OpenApi.ParameterLocation.Header, Required = false,
                        Description = "Makes a retry safe: the same key and body answer the first result (header Idempotent-Replayed: true); the same key with another body is 409 IdempotencyKeyReused.",
                        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = IdempotencyMiddleware.MaxKeyLength },
                    });
                }
                return Task.CompletedTask;
            });
        });
        // ready = the database answers and holds the current schema
        services.AddHealthChecks().AddDbContextCheck<ParkOpsDb>("database", customTestQuery: (db, ct) => db.Regions.IgnoreQueryFilters().AnyAsync(ct).ContinueWith(t => !t.IsFaulted, ct));
        // static server rendering with enhanced navigation and forms everywhere; interactive server components where
        // a page holds live state (the ticket board). Circuits live in one process: see docs/operations.md
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<LiveScope>();
        services.AddCascadingAuthenticationState();
        foreach (var module in Modules) module.AddServices(services, config);
    }

    public static void Configure(WebApplication app)
    {
        // first: forwarded headers from trusted proxies (client address and scheme), security headers on every response
        AuthModule.UseEdgeSecurity(app);
        app.UseExceptionHandler();
        // the API reads JSON only (uploads are multipart): a body sent without a Content-Type, or with the form
        // type that scripting clients add by default (curl -d, Python urllib), is read as JSON, so a bad body gets
        // the 400 that names the problem rather than a bare 415. Not for a request carrying the console's cookie
        // without a bearer token: a browser's form post keeps its form type (a cross-site form cannot pass for JSON)
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api") && (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
                && (string.IsNullOrEmpty(http.Request.ContentType) || http.Request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
                && (AuthModule.IsBearer(http) || !http.Request.Cookies.ContainsKey(AuthModule.CookieName)))
                http.Request.ContentType = "application/json";
            return next(http);
        });
        app.UseStatusCodePages();
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // the user's choice (cookie) first, then the browser's Accept-Language, then zh-CN
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseStaticFiles();
        // started from another folder (e.g. `dotnet run --project src/ParkOps.Web`): serve the copy beside the binaries
        var built = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(Path.Combine(app.Environment.ContentRootPath, "wwwroot")) && Directory.Exists(built))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(built) });
        // routing after the content-type fix above: endpoint selection looks at the Content-Type
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<ActorMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        AuthModule.UseAntiforgeryGate(app);
        // a retried POST with the same Idempotency-Key answers the first result (money and bookings are never doubled)
        app.UseMiddleware<IdempotencyMiddleware>();

        AuthModule.ProtectApiDocs(app, app.MapOpenApi("/openapi/{documentName}.json"));
        app.UseSwaggerUI(o => { o.SwaggerEndpoint("/openapi/v1.json", "ParkOps API v1"); o.RoutePrefix = "api-docs"; o.DocumentTitle = "ParkOps API"; });
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext http) =>
        {
            var culture = Cultures.FirstOrDefault(x => x.Name.Equals(c, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).ExcludeFromDescription();

        // every area maps into one group whose filter checks the shape of each request (InputGuard) before its handler
        var areas = app.MapGroup("").AddEndpointFilterFactory(InputGuard.Filter);
        foreach (var module in Modules) module.MapEndpoints(areas);
        // the manifest is named after the web app's assembly: named here, so that a program hosting the app (the
        // benchmarks, whose entry assembly has another name) finds it beside its own binaries too
        var manifest = Path.Combine(AppContext.BaseDirectory, typeof(ParkOpsHost).Assembly.GetName().Name + ".staticwebassets.endpoints.json");
        app.MapStaticAssets(File.Exists(manifest) ? manifest : null);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>Applies pending migrations and, with --demo, seeds the demo park into an empty database.</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app, bool demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
        if (demo) await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }

    public static void PrintBanner(WebApplication app, bool demo)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine($"ParkOps 已启动 / is running at {urls}");
            if (demo)
                Console.WriteLine($"演示账号 / demo logins (password {DemoSeeder.Password}): admin, operator, gov, tenant, tenant2");
        });
    }
}
