using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Enterprises;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>A route parameter and the resource it names: the literal segment before it (<c>parks</c>, <c>enterprises</c> …).</summary>
public sealed record RouteParameter(string Name, string Resource);

/// <summary>One API endpoint as the running host maps it.</summary>
public sealed record ApiEndpoint(string Method, RouteEndpoint Endpoint, Type? BodyType, IReadOnlyList<RouteParameter> Parameters)
{
    public string Pattern => Endpoint.RoutePattern.RawText ?? "";
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
    public IEnumerable<string> Resources => Parameters.Select(p => p.Resource);

    /// <summary>
    /// The path with every parameter replaced by the value given for its resource (an id, or for a route value such as
    /// <c>{action}</c> the value under <c>?action</c>); <paramref name="fallback"/> for a resource with none given.
    /// </summary>
    public string Path(IReadOnlyDictionary<string, object> values, object? fallback = null) =>
        "/" + string.Join("/", Endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternSeparatorPart sep => sep.Content,
            RoutePatternParameterPart par => Value(values, Parameters.First(x => x.Name == par.Name).Resource, fallback),
            _ => throw new InvalidOperationException($"unexpected route part in {Pattern}"),
        }))));

    private string Value(IReadOnlyDictionary<string, object> values, string resource, object? fallback) =>
        Convert.ToString(values.TryGetValue(resource, out var v) ? v : fallback ?? throw new InvalidOperationException($"{this}: no value for '{resource}'"),
            System.Globalization.CultureInfo.InvariantCulture)!;

    /// <summary>The request with its path filled from <paramref name="values"/> and a sample body whose ids come from the same values.</summary>
    public HttpRequestMessage Request(IReadOnlyDictionary<string, object> values, object? fallback = null)
    {
        var req = new HttpRequestMessage(new HttpMethod(Method), Path(values, fallback));
        if (BodyType is not null) req.Content = JsonContent.Create(ApiCatalog.SampleBody(BodyType, values), BodyType, options: Demo.Json);
        return req;
    }

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The API's endpoints read from the host's <see cref="EndpointDataSource"/>, so that tests iterating over them cover
/// an endpoint added later without being told. Every parameter is tied to the literal segment before it; a test that
/// needs an id per resource fails on a resource it has no id for, instead of skipping the endpoint.
/// </summary>
public static class ApiCatalog
{
    public static IReadOnlyList<ApiEndpoint> Endpoints(IServiceProvider services, bool includeAnonymous = false)
    {
        var list = new List<ApiEndpoint>();
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = e.RoutePattern.RawText ?? "";
            if (!raw.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) continue;
            if (!includeAnonymous && e.Metadata.GetMetadata<IAllowAnonymous>() is not null) continue;
            var body = e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Select(a => a.RequestType).FirstOrDefault(t => t is not null);
            var parameters = new List<RouteParameter>();
            string? previousLiteral = null;
            foreach (var segment in e.RoutePattern.PathSegments)
            {
                if (segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart lit) { previousLiteral = lit.Content; continue; }
                foreach (var p in segment.Parts.OfType<RoutePatternParameterPart>())
                    parameters.Add(new RouteParameter(p.Name, segment.IsSimple && previousLiteral is not null ? previousLiteral : $"?{p.Name}"));
                previousLiteral = null;
            }
            foreach (var m in e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                list.Add(new ApiEndpoint(m, e, body, parameters));
        }
        return list.OrderBy(x => x.Pattern, StringComparer.Ordinal).ThenBy(x => x.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A body that passes validation for the request types we know, so a refusal is about who asks, not what they
    /// send; its ids are taken from <paramref name="ids"/> (resource name → id, as for the route) where given, so the
    /// body names the same enterprise, unit or post as the path. For a type added later: an instance with default
    /// values (add a valid one here if that is refused as 400).
    /// </summary>
    public static object SampleBody(Type t, IReadOnlyDictionary<string, object>? ids = null)
    {
        var n = Guid.NewGuid().ToString("N")[..8];
        var seq = Interlocked.Increment(ref _seq);
        long Id(string resource, long fallback = 1) => ids is not null && ids.TryGetValue(resource, out var v) && v is long l ? l : fallback;
        string Text(string resource, string fallback) => ids is not null && ids.TryGetValue(resource, out var v) && v is string s ? s : fallback;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // far-future effective dates, a new one each time: versions are unique per date and must not reprice anything in use
        var future = new DateOnly(2090, 1, 1).AddDays(seq);
        return t switch
        {
            _ when t == typeof(EnterpriseInput) => new EnterpriseInput { CreditCode = Demo.NewCreditCode(), Name = "范围探测企业" + n, IndustryCode = "C3982" },
            _ when t == typeof(DecisionInput) => new DecisionInput(AdmissionOutcome.Approve, "探测"),
            _ when t == typeof(DocumentInput) => new DocumentInput("营业执照", "探测-" + n, null),
            _ when t == typeof(ExitInput) => new ExitInput(ExitReason.Voluntary, "探测"),
            _ when t == typeof(ExitCompleteInput) => new ExitCompleteInput("探测"),
            _ when t == typeof(BuildingInput) => new BuildingInput("探测楼" + n, 1m, 1000m, 3, null),
            _ when t == typeof(UnitInput) => new UnitInput(Id("buildings"), 1, "PROBE-" + n, 100m, SpaceUse.Factory, 1m, UnitStatus.Vacant),
            _ when t == typeof(ParkInput) => new ParkInput(Id("regions"), "探测园区" + n, "PROBE-" + n, null, 50m),
            _ when t == typeof(Features.Chains.ApplyTemplateInput) => new Features.Chains.ApplyTemplateInput(Id("chain-templates", 1)),
            _ when t == typeof(Features.Chains.ParkChainInput) => new Features.Chains.ParkChainInput([.. Text("chain-stages", "原材料供应|SMT贴片").Split('|').Select(x => new Features.Chains.ChainStageInput(x))]),
            _ when t == typeof(Features.Chains.ChainTemplateInput) => new Features.Chains.ChainTemplateInput("探测模板" + n, ["C39"], "探测",
                [.. Text("chain-stages", "探测环节一|探测环节二").Split('|').Select(x => new Features.Chains.ChainStageInput(x))]),
            _ when t == typeof(Features.Chains.InvestmentLeadInput) => new Features.Chains.InvestmentLeadInput("探测线索" + n, null, "探测", Text("chain-stage", "SMT贴片"), "探测", "13800000000"),
            _ when t == typeof(Features.Chains.LeadStatusInput) => new Features.Chains.LeadStatusInput(ParkOps.Domain.Chains.LeadStatus.Dropped, "探测"),
            _ when t == typeof(Features.Chains.LeadVisitInput) => new Features.Chains.LeadVisitInput(today.AddDays(-1), "探测"),
            _ when t == typeof(ParkSettingsInput) => new ParkSettingsInput("电子元器件", ["C38", "C39"], ["原材料供应", "SMT贴片"], ["污染大"], 8),
            _ when t == typeof(RegionInput) => new RegionInput("探测区" + n, "99" + Random.Shared.Next(1000, 9999), RegionLevel.County, null),
            _ when t == typeof(RegionSettingsInput) => new RegionSettingsInput(false),
            _ when t == typeof(LeaseInput) => new LeaseInput(Id("enterprises"), [Id("spare-units", Id("units"))], today.AddMonths(1), 12),
            _ when t == typeof(QuoteRequest) => new QuoteRequest(Id("enterprises"), [Id("units")], today.AddMonths(1), 12),
            _ when t == typeof(LeaseActionInput) => new LeaseActionInput(),
            _ when t == typeof(SettlementInput) => new SettlementInput(0m, null, []),
            _ when t == typeof(SettlementActionInput) => new SettlementActionInput(),
            _ when t == typeof(RentPolicyInput) => new RentPolicyInput(future, 28m, 45m, 40m, 18m, 15m, 0.2m, 0.2m, 0.15m, 3, 0.05m, 6, 3, 0.3m, 3.5m, 2),
            _ when t == typeof(WhatIfInput) => new WhatIfInput(new ParkOps.Domain.Pricing.TenantFacts(), [new WhatIfUnit(SpaceUse.Factory, 100m)], today.AddMonths(1), 12),
            _ when t == typeof(UserInput) => new UserInput("probe_" + n, "探测用户", "Probe123456789", Role.PlatformAdmin, null, null, null),
            _ when t == typeof(Features.ServiceDesk.TicketInput) => new Features.ServiceDesk.TicketInput("repair", "探测" + n, "探测", EnterpriseId: Id("enterprises")),
            _ when t == typeof(Features.ServiceDesk.QrTicketInput) => new Features.ServiceDesk.QrTicketInput("repair", "探测" + n, "探测"),
            _ when t == typeof(Features.ServiceDesk.TicketActionInput) => new Features.ServiceDesk.TicketActionInput("探测"),
            _ when t == typeof(Features.ServiceDesk.SlaPolicyInput[]) => new[] { new Features.ServiceDesk.SlaPolicyInput("repair", "low", 120, 7200) },
            _ when t == typeof(Features.Marketplace.PostInput) => new Features.Marketplace.PostInput { EnterpriseId = Id("enterprises"), Kind = "capacity_offer", Title = "探测帖子" + n, Capabilities = ["smt"], Quantity = 10 },
            _ when t == typeof(Features.Marketplace.CapabilityInput) => new Features.Marketplace.CapabilityInput("探测工艺", "probe process", null, null, null),
            _ when t == typeof(Features.Marketplace.LexiconEntryInput) => new Features.Marketplace.LexiconEntryInput("cnc", "hint", null, "探测"),
            _ when t == typeof(Features.Marketplace.PoolInput) => new Features.Marketplace.PoolInput { Item = "探测集采" + n, Unit = "kg", ListPrice = 10m, Tiers = [new(1m, 9m)], Deadline = DateTimeOffset.UtcNow.AddDays(7) },
            _ when t == typeof(Features.Reporting.ReportInput) => new Features.Reporting.ReportInput { Year = 2001, Quarter = 2, Output = 100m, MainRevenue = 90m, Tax = 5m, ValueAdded = 30m },
            _ when t == typeof(Features.Reporting.RemindInput) => new Features.Reporting.RemindInput(2001, 1),
            _ when t == typeof(Features.Reporting.SubmissionInput) => new Features.Reporting.SubmissionInput(2001, 2, false),
            _ when t == typeof(Features.Reporting.ReturnInput) => new Features.Reporting.ReturnInput("探测"),
            _ when t == typeof(Features.Grading.GradingSaveInput) => new Features.Grading.GradingSaveInput([]),
            _ when t == typeof(Features.Grading.GradingReviewInput) => new Features.Grading.GradingReviewInput("approve", null, null, null),
            // restates the stored item and thresholds: a success changes nothing later cells read
            _ when t == typeof(Features.Grading.GradingItemInput) => new Features.Grading.GradingItemInput("建立廉洁风险防控制度，招商、租金、补助公开透明",
                "Integrity rules; recruitment, rents and subsidies open and transparent", 5, 0, true),
            _ when t == typeof(Features.Grading.GradingThresholdsDto) => new Features.Grading.GradingThresholdsDto(90, 75, 60),
            _ when t == typeof(Features.Marketplace.CommitmentInput) => new Features.Marketplace.CommitmentInput(1m),
            _ when t == typeof(Features.Marketplace.CloseInput) => new Features.Marketplace.CloseInput(null),
            _ when t == typeof(Features.Marketplace.InquiryInput) => new Features.Marketplace.InquiryInput(Id("needs", Id("posts")), Id("partner-offers", Id("posts")), "探测"),
            _ when t == typeof(Features.Marketplace.CollaborationActionInput) => new Features.Marketplace.CollaborationActionInput(),
            _ when t == typeof(Features.Booking.ResourceInput) => SpareResource("PROBE-" + n),
            _ when t == typeof(Features.Booking.BookingInput) => Booking(seq, Id("enterprises")),
            _ when t == typeof(Features.Booking.BookingActionInput) => new Features.Booking.BookingActionInput(Note: "探测"),
            _ when t == typeof(Features.Booking.QuotaVersionInput) => new Features.Booking.QuotaVersionInput(new DateOnly(2031, 1, 1).AddMonths(seq % 800), 40m, 8m, 0m, 4m),
            _ when t == typeof(Features.Booking.TrainingRecordInput) => new Features.Booking.TrainingRecordInput(Id("users"), "探测资格", today, today.AddYears(1), "探测"),
            _ when t == typeof(Features.Metering.MeterInput) => new Features.Metering.MeterInput(Id("spare-units", Id("units")), ParkOps.Domain.Metering.Utility.Water, "PROBE-" + n),
            _ when t == typeof(Features.Metering.ManualReadingInput) => new Features.Metering.ManualReadingInput(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0m),
            _ when t == typeof(Features.Metering.ReadingBatch) => new Features.Metering.ReadingBatch([new(Id("meters"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0m)]),
            _ when t == typeof(Features.Metering.TariffInput) => new Features.Metering.TariffInput(ParkOps.Domain.Metering.Utility.Electricity, future, 0.85m),
            _ when t == typeof(Features.Metering.LateFeeInput) => new Features.Metering.LateFeeInput(future, 0.0005m),
            _ when t == typeof(Features.Metering.MeteringService.ScanRequest) => new Features.Metering.MeteringService.ScanRequest(Text("billed-month", today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))),
            _ when t == typeof(Features.Metering.MeteringService.MuClassInput) => new Features.Metering.MeteringService.MuClassInput(Text("mu-class", "B"), 2030, "访问矩阵测试"),
            _ when t == typeof(Features.Billing.BillRunRequest) => new Features.Billing.BillRunRequest(Text("billed-month", today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))),
            _ when t == typeof(Features.Billing.MultiBillRunRequest) => new Features.Billing.MultiBillRunRequest(Text("billed-month", today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)), [Id("parks")]),
            _ when t == typeof(Features.Billing.PaymentInput) => new Features.Billing.PaymentInput(0.01m, Reference: "探测-" + n),
            _ when t == typeof(Features.Billing.ReissueInput) => new Features.Billing.ReissueInput(null),
            _ when t == typeof(Features.Risk.AlertDismissInput) => new Features.Risk.AlertDismissInput("探测"),
            _ when t == typeof(Features.Risk.AlertBulkInput) => new Features.Risk.AlertBulkInput([Id("alerts")]),
            _ when t == typeof(ParkOps.Domain.Risk.RiskSettings) => new ParkOps.Domain.Risk.RiskSettings(),
            // the fund: a far-future rate version; a quarter without reports (posts nothing); a loan and a repayment larger than
            // any balance or debt (refused after the access check); a crisis naming the side's enterprise
            _ when t == typeof(Features.ReserveFund.FundSettingInput) => new Features.ReserveFund.FundSettingInput("2090Q1", 0.2m),
            _ when t == typeof(Features.ReserveFund.ContributionRunInput) => new Features.ReserveFund.ContributionRunInput("2001Q1"),
            _ when t == typeof(Features.ReserveFund.LoanInput) => new Features.ReserveFund.LoanInput(Id("enterprises"), 90_000_000m, "探测", today, [new(today.AddMonths(1), 90_000_000m)]),
            _ when t == typeof(Features.ReserveFund.RepaymentInput) => new Features.ReserveFund.RepaymentInput(90_000_000m),
            _ when t == typeof(Features.ReserveFund.CrisisInput) => new Features.ReserveFund.CrisisInput("探测危机" + n, null, null, [Id("enterprises")]),
            _ when t == typeof(Features.ReserveFund.CrisisActionInput) => new Features.ReserveFund.CrisisActionInput(Features.ReserveFund.CrisisActionKind.Meeting, null, "探测"),
            _ when t == typeof(Features.ReserveFund.CrisisCloseInput) => new Features.ReserveFund.CrisisCloseInput("探测"),
            // park services: a new service with its own code, a far-future price version, an order of the side's service for
            // the side's enterprise, a reason for the actions (refused on a fulfilled order after the access check), the default target
            _ when t == typeof(Features.ParkServices.ServiceInput) => new Features.ParkServices.ServiceInput("PROBE-" + n.ToUpperInvariant(), "探测服务" + n, ParkOps.Domain.ParkServices.ServiceCategory.Other, "次", 1m),
            _ when t == typeof(Features.ParkServices.ServiceUpdateInput) => new Features.ParkServices.ServiceUpdateInput("矩阵服务", ParkOps.Domain.ParkServices.ServiceCategory.Other, "次"),
            _ when t == typeof(Features.ParkServices.ServicePriceInput) => new Features.ParkServices.ServicePriceInput(future, 10m),
            _ when t == typeof(Features.ParkServices.ServiceOrderInput) => new Features.ParkServices.ServiceOrderInput(Id("services"), 1m, "探测", Id("enterprises")),
            _ when t == typeof(Features.ParkServices.ServiceOrderActionInput) => new Features.ParkServices.ServiceOrderActionInput("探测"),
            _ when t == typeof(Features.Orders.UnifiedOrderInput) => new Features.Orders.UnifiedOrderInput("探测客户", "探测联系人", "探测产品", 10m, "件", 1000m, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30)),
            _ when t == typeof(Features.Orders.UnifiedOrderSplitInput) => new Features.Orders.UnifiedOrderSplitInput([new Features.Orders.UnifiedOrderPartInput(Id("enterprises"), "探测工序", 10m, 100m)]),
            _ when t == typeof(Features.Orders.UnifiedOrderReasonInput) => new Features.Orders.UnifiedOrderReasonInput("探测"),
            _ when t == typeof(Features.Orders.UnifiedOrderDeliveryInput) => new Features.Orders.UnifiedOrderDeliveryInput(10m, true),
            _ when t == typeof(Features.Orders.UnifiedOrderPaymentInput) => new Features.Orders.UnifiedOrderPaymentInput(1000m),
            _ when t == typeof(Features.ParkServices.ServiceTargetInput) => new Features.ParkServices.ServiceTargetInput(30m),
            _ => RuntimeHelpers.GetUninitializedObject(t),
        };
    }

    private static int _seq;

    /// <summary>A resource anyone of the park may book at any hour, a year ahead, without approval or training.</summary>
    public static Features.Booking.ResourceInput SpareResource(string code) => new(code, "探测资源 " + code, Features.Booking.ResourceKind.MeetingRoom, "探测", null, 4,
        "00:00", "23:59", true, 0m, 30, 240, 0, 365, 0, false, null, ParkOps.Domain.Booking.QuotaGroup.None);

    /// <summary>An hour of its own for each request (a booking never collides with another sample's), months ahead.</summary>
    private static Features.Booking.BookingInput Booking(int seq, long enterpriseId)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(30), DateTimeKind.Unspecified), TimeSpan.FromHours(8)).AddHours(seq % 5000);
        return new(start.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            start.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), "探测", EnterpriseId: enterpriseId);
    }
}
