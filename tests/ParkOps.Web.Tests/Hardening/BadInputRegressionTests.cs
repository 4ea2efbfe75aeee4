using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Tests.Infrastructure;
using SkiaSharp;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Hardening;

/// <summary>
/// The bad inputs a probe of the API found answered with 500 or accepted (null list elements, huge lists, unbounded
/// comments, money and months out of range, invisible characters in codes, files that only start like images), each
/// now a 400/422 naming the field, and nothing written.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class BadInputRegressionTests(HardeningFactory app)
{
    private async Task<Dictionary<string, string>> IdsAsync()
    {
        var park = await app.ParkIdAsync();
        return new()
        {
            ["{park}"] = park.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{bill}"] = (await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static string Fill(string url, Dictionary<string, string> ids) => ids.Aggregate(url, (u, kv) => u.Replace(kv.Key, kv.Value));

    private async Task<int> RowsAsync() => await app.WithDbAsync(async db =>
        await db.AuditEntries.IgnoreQueryFilters().CountAsync() + await db.Enterprises.IgnoreQueryFilters().CountAsync() + await db.Posts.IgnoreQueryFilters().CountAsync());

    private async Task<System.Text.Json.JsonElement> RefusedAsync(HttpClient client, string method, string url, string body, HttpStatusCode status, string field, string? rule = null)
    {
        var before = await RowsAsync();
        using var req = new HttpRequestMessage(new HttpMethod(method), url) { Content = Json(body) };
        var problem = await (await client.SendAsync(req)).ShouldBeProblemAsync(status, rule, field);
        (await RowsAsync()).ShouldBe(before, "a refused request writes nothing");
        return problem;
    }

    [Theory]
    [InlineData("PUT", "/api/v1/parks/{park}/settings", """{"leadingIndustryPrefixes":["C38",null],"crowdedStageCount":8}""", "leadingIndustryPrefixes[1]")]
    [InlineData("PUT", "/api/v1/parks/{park}/settings", """{"chainStages":[null],"crowdedStageCount":8}""", "chainStages[0]")]
    [InlineData("PUT", "/api/v1/parks/{park}/settings", """{"negativeList":["污染大","效益差",null],"crowdedStageCount":8}""", "negativeList[2]")]
    [InlineData("POST", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲","tags":["高新技术企业","专精特新",null]}""", "tags[2]")]
    [InlineData("POST", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲","chainStages":[null]}""", "chainStages[0]")]
    [InlineData("POST", "/api/v1/parks/{park}/posts", """{"kind":"capacity_offer","title":"富余产能","certificationsHeld":["ISO9001",null]}""", "certificationsHeld[1]")]
    [InlineData("POST", "/api/v1/parks/{park}/posts", """{"kind":"capacity_need","title":"外协","certificationsRequired":[null]}""", "certificationsRequired[0]")]
    [InlineData("PUT", "/api/v1/capabilities/null_related", """{"nameZh":"测试","nameEn":"test","related":[null]}""", "related[0]")]
    [InlineData("POST", "/api/v1/parks/{park}/pools", """{"item":"铜材","unit":"kg","listPrice":10,"tiers":[null]}""", "tiers[0]")]
    [InlineData("POST", "/api/v1/parks/{park}/rent-calculator", """{"facts":{},"units":[null],"startDate":"2026-01-01","termMonths":12}""", "units[0]")]
    [InlineData("POST", "/api/v1/bills/{bill}/reissue", """{"reason":"更正","adjustments":[null]}""", "adjustments[0]")]
    public async Task Request_NullListElement_Gives400NamingTheElement(string method, string url, string body, string field)
    {
        var admin = await app.LoginAsync("admin");
        var problem = await RefusedAsync(admin, method, Fill(url, await IdsAsync()), body, HttpStatusCode.BadRequest, field, "Validation");
        problem.ErrorsFor(field).ShouldHaveSingleItem().ShouldContain("null");
    }

    [Theory]
    [InlineData("/api/v1/leases/quote", """{"enterpriseId":1,"startDate":"2026-01-01","termMonths":12,"unitIds":@ids}""", "unitIds", 200)]
    [InlineData("/api/v1/bill-runs", """{"month":"2026-01","parkIds":@ids}""", "parkIds", 1000)]
    public async Task Request_HundredThousandIds_Gives400NamingTheFieldAndItsMaximum(string url, string template, string field, int max)
    {
        var admin = await app.LoginAsync("admin");
        var ids = "[" + string.Join(",", Enumerable.Range(1, 100_000)) + "]";
        var problem = await RefusedAsync(admin, "POST", url, template.Replace("@ids", ids), HttpStatusCode.BadRequest, field, "Validation");
        problem.ErrorsFor(field).ShouldHaveSingleItem().ShouldContain(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("start")]
    [InlineData("resolve")]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("assign")]
    [InlineData("escalate")]
    [InlineData("comment")]
    public async Task TicketAction_CommentOverTheColumn_Gives400AndLeavesTheTicket(string action)
    {
        var op = await app.LoginAsync("operator");
        var ticket = await NewTicketAsync(op);
        var before = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticket));
        foreach (var length in new[] { 4001, 1_000_000 })
        {
            var body = new JsonObject { ["comment"] = new string('评', length) }.ToJsonString();
            var problem = await RefusedAsync(op, "POST", $"/api/v1/tickets/{ticket}/{action}", body, HttpStatusCode.BadRequest, "comment", "Validation");
            problem.ErrorsFor("comment").ShouldHaveSingleItem().ShouldContain("4000");
            problem.ToString().Length.ShouldBeLessThan(2_000, "an error quotes at most an excerpt of the input");
        }
        var after = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticket));
        after.State.ShouldBe(before.State);
    }

    /// <summary>Resolve, assign and escalate store the comment joined with a signature, an assignee or a level: that too must fit the event.</summary>
    [Theory]
    [InlineData("escalate")]
    [InlineData("assign")]
    public async Task TicketAction_CommentThatFitsOnlyAlone_Gives400StatingTheRoomLeft(string action)
    {
        var op = await app.LoginAsync("operator");
        var ticket = await NewTicketAsync(op);
        var body = new JsonObject { ["comment"] = new string('评', 3999), ["assigneeUserId"] = 1 }.ToJsonString();
        var problem = await RefusedAsync(op, "POST", $"/api/v1/tickets/{ticket}/{action}", body, HttpStatusCode.BadRequest, "comment", "Validation");
        problem.ErrorsFor("comment").ShouldHaveSingleItem().ShouldContain("3800");
    }

    [Fact]
    public async Task CreatePost_CertificationsTooLongToStoreJoined_Gives400NamingTheList()
    {
        var op = await app.LoginAsync("operator");
        var certs = new JsonArray(Enumerable.Range(0, 20).Select(i => (JsonNode)JsonValue.Create($"{i:00}" + new string('证', 38))!).ToArray());
        // an admitted enterprise other than the tenant's (the fuzz test in this collection may have started the tenant's exit)
        var park = await app.ParkIdAsync();
        var enterprise = await app.SomeEnterpriseAsync(park, except: await app.EnterpriseOfAsync("tenant"));
        var body = new JsonObject { ["kind"] = "capacity_offer", ["title"] = "富余产能", ["certificationsHeld"] = certs, ["enterpriseId"] = enterprise }.ToJsonString();
        var problem = await RefusedAsync(op, "POST", $"/api/v1/parks/{park}/posts", body, HttpStatusCode.BadRequest, "certificationsHeld", "Validation");
        problem.ErrorsFor("certificationsHeld").ShouldHaveSingleItem().ShouldContain("400");
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("100000000000000")]
    [InlineData("-100000000000000")]
    public async Task CreateLease_DepositBeyondTheColumn_Gives400NamingDeposit(string deposit)
    {
        var op = await app.LoginAsync("operator");
        var ids = await IdsAsync();
        var body = $$"""{"enterpriseId":1,"unitIds":[1],"startDate":"2026-01-01","termMonths":12,"deposit":{{deposit}}}""";
        var problem = await RefusedAsync(op, "POST", Fill("/api/v1/parks/{park}/leases", ids), body, HttpStatusCode.BadRequest, "deposit", "Validation");
        problem.ErrorsFor("deposit").ShouldHaveSingleItem().ShouldContain("100,000,000,000,000");
    }

    [Theory]
    [InlineData("/api/v1/bill-runs", "0001-01")]
    [InlineData("/api/v1/bill-runs", "9999-12")]
    [InlineData("/api/v1/parks/{park}/bill-runs", "0001-01")]
    [InlineData("/api/v1/parks/{park}/bill-runs", "1999-12")]
    [InlineData("/api/v1/parks/{park}/meter-anomalies:scan", "9999-12")]
    public async Task MonthlyRun_MonthOutsideTheBusinessRange_Gives400NamingMonth(string url, string month)
    {
        var op = await app.LoginAsync("operator");
        var runs = await app.WithDbAsync(db => db.BillRuns.CountAsync());
        (await RefusedAsync(op, "POST", Fill(url, await IdsAsync()), $$"""{"month":"{{month}}"}""", HttpStatusCode.BadRequest, "month")).ErrorsFor("month");
        (await app.WithDbAsync(db => db.BillRuns.CountAsync())).ShouldBe(runs);
    }

    [Theory]
    [InlineData("/api/v1/parks/{park}/consumption?month=9999-12")]
    [InlineData("/api/v1/parks/{park}/resource-utilisation?month=0001-01")]
    [InlineData("/api/v1/parks/{park}/resource-utilisation/heatmap?month=0001-01")]
    public async Task MonthlyReport_MonthOutsideTheBusinessRange_Gives400NamingMonth(string url)
    {
        var op = await app.LoginAsync("operator");
        (await (await op.GetAsync(Fill(url, await IdsAsync()))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "month")).ErrorsFor("month");
    }

    [Fact]
    public async Task CreateLease_StartInYearOne_Gives400NamingStartDate()
    {
        var op = await app.LoginAsync("operator");
        var body = """{"enterpriseId":1,"unitIds":[1],"startDate":"0001-03-01","termMonths":12}""";
        (await RefusedAsync(op, "POST", Fill("/api/v1/parks/{park}/leases", await IdsAsync()), body, HttpStatusCode.BadRequest, "startDate", "Validation")).ErrorsFor("startDate");
    }

    public static TheoryData<string, string, string, string> InvisibleCharacters() => new()
    {
        { "unit code with NUL", "/api/v1/parks/{park}/units", """{"buildingId":1,"floorNumber":1,"code":"A\u0000101","areaSqm":10,"use":"Factory","loadTonsPerSqm":1,"status":"Vacant"}""", "code" },
        { "unit code with RLO", "/api/v1/parks/{park}/units", """{"buildingId":1,"floorNumber":1,"code":"A\u202E101","areaSqm":10,"use":"Factory","loadTonsPerSqm":1,"status":"Vacant"}""", "code" },
        { "unit code with ZWSP", "/api/v1/parks/{park}/units", """{"buildingId":1,"floorNumber":1,"code":"A\u200B101","areaSqm":10,"use":"Factory","loadTonsPerSqm":1,"status":"Vacant"}""", "code" },
        { "unit code with word joiner", "/api/v1/parks/{park}/units", """{"buildingId":1,"floorNumber":1,"code":"A\u2060101","areaSqm":10,"use":"Factory","loadTonsPerSqm":1,"status":"Vacant"}""", "code" },
        { "park code with ZWSP", "/api/v1/parks", """{"regionId":1,"name":"园","code":"DG\u200B-X","landMu":1}""", "code" },
        { "meter code with RLO", "/api/v1/parks/{park}/meters", """{"unitId":1,"utility":"Electricity","code":"M\u202E1"}""", "code" },
        { "user name with ZWSP", "/api/v1/users", """{"userName":"op\u200Berator","displayName":"x","password":"Pass123456789","role":"PlatformAdmin"}""", "userName" },
        { "credit code with ZWNJ", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD\u200C1X","name":"甲"}""", "creditCode" },
        { "enterprise name with RLO", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲\u202E乙"}""", "name" },
        { "enterprise name with NUL", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲\u0000"}""", "name" },
        { "enterprise name over two lines", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲\n乙"}""", "name" },
        { "description with a bell", "/api/v1/parks/{park}/enterprises", """{"creditCode":"91441900MA4UABCD1X","name":"甲","description":"好\u0007"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public async Task Write_ControlBidiOrInvisibleCharacter_Gives400NamingTheField(string why, string url, string body, string field)
    {
        var admin = await app.LoginAsync("admin");
        var problem = await RefusedAsync(admin, "POST", Fill(url, await IdsAsync()), body, HttpStatusCode.BadRequest, field, "Validation");
        problem.ErrorsFor(field).ShouldHaveSingleItem(why).ShouldContain("U+");
    }

    /// <summary>A lone surrogate is not text at all (PostgreSQL could not store it): the JSON reader refuses it, naming the field.</summary>
    [Fact]
    public async Task CreateEnterprise_LoneSurrogateEscape_Gives400NamingTheField()
    {
        var admin = await app.LoginAsync("admin");
        var body = """{"creditCode":"91441900MA4UABCD1X","name":"甲","description":"\ud800"}""";
        await RefusedAsync(admin, "POST", $"/api/v1/parks/{await app.ParkIdAsync()}/enterprises", body, HttpStatusCode.BadRequest, "description", "RequestMustBeReadable");
    }

    [Fact]
    public async Task CreateEnterprise_FreeTextOverLinesAndNameWithEmoji_IsAccepted()
    {
        var op = await app.LoginAsync("operator");
        var body = NewEnterprise("东莞市笑脸😀电子有限公司");
        body["description"] = "第一行\n第二行\t缩进";
        var res = await op.PostAsync($"/api/v1/parks/{await app.ParkIdAsync()}/enterprises", Json(body));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).Str("description").ShouldBe("第一行\n第二行\t缩进");
    }

    [Fact]
    public async Task Error_RouteValueOfTenThousandCharacters_QuotesOnlyAnExcerpt()
    {
        var admin = await app.LoginAsync("admin");
        var res = await admin.PutAsync("/api/v1/capabilities/" + new string('c', 10_000), Json("""{"nameZh":"a","nameEn":"a"}"""));
        var text = await res.Content.ReadAsStringAsync();
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "code");
        text.Length.ShouldBeLessThan(2_000, text[..300]);
    }

    // ---------- uploads ----------

    private async Task<long> NewTicketAsync(HttpClient op)
    {
        var parkId = await app.ParkIdAsync();
        var res = await op.PostAsync($"/api/v1/parks/{parkId}/tickets", Json("""{"category":"repair","title":"漏水","description":"三楼走廊漏水","commonArea":"三楼走廊"}"""));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).GetProperty("id").GetInt64();
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string claimed = "image/jpeg")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(claimed);
        form.Add(file, "file", "photo.jpg");
        return form;
    }

    /// <summary>A real image of the format, drawn and encoded here (also shows that Skia's native library loads on this machine).</summary>
    private static byte[] Image(SKEncodedImageFormat format, int width = 64, int height = 48)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(SKColors.SteelBlue); canvas.DrawCircle(20, 20, 10, new SKPaint { Color = SKColors.Orange }); }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static TheoryData<string, byte[]> NotImages()
    {
        var jpeg = Image(SKEncodedImageFormat.Jpeg, 640, 480);
        return new()
        {
            { "three bytes FF D8 FF", [0xFF, 0xD8, 0xFF] },
            { "PNG signature then HTML", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "<html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray()] },
            { "RIFF WEBP header and nothing else", [.. "RIFF"u8.ToArray(), 4, 0, 0, 0, .. "WEBP"u8.ToArray()] },
            { "first half of a real JPEG", jpeg[..(jpeg.Length / 2)] },
        };
    }

    [Theory]
    [MemberData(nameof(NotImages))]
    public async Task UploadPhoto_BytesThatOnlyStartLikeAnImage_Gives422AndStoresNothing(string why, byte[] bytes)
    {
        var op = await app.LoginAsync("operator");
        var ticket = await NewTicketAsync(op);
        var res = await op.PostAsync($"/api/v1/tickets/{ticket}/photos", Upload(bytes));
        (await res.ShouldBeProblemAsync((HttpStatusCode)422, "PhotoMustBeJpegPngOrWebp", "file")).ErrorsFor("file");
        (await app.WithDbAsync(db => db.TicketPhotos.CountAsync(p => p.TicketId == ticket))).ShouldBe(0, why);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task UploadPhoto_RealImageClaimedAsAnotherType_IsStoredAndServedAsItsDecodedFormat(SKEncodedImageFormat format, string type)
    {
        var op = await app.LoginAsync("operator");
        var ticket = await NewTicketAsync(op);
        var bytes = Image(format);
        var res = await op.PostAsync($"/api/v1/tickets/{ticket}/photos", Upload(bytes, claimed: "text/html"));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var url = (await res.JsonAsync()).Str("url")!;
        var served = await op.GetAsync(url);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe(type);
        served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
    }

    /// <summary>A row stored before uploads were decoded, with HTML behind a PNG signature: offered as a download, never as an image or a page.</summary>
    [Fact]
    public async Task ServePhoto_StoredBytesThatAreNoImage_GoOutAsAnOpaqueDownloadWithNosniff()
    {
        var op = await app.LoginAsync("operator");
        var ticket = await NewTicketAsync(op);
        byte[] html = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "<html><script>alert(1)</script></html>"u8.ToArray()];
        var photoId = await app.WithDbAsync(async db =>
        {
            var t = await db.Tickets.SingleAsync(x => x.Id == ticket);
            var p = new Features.ServiceDesk.TicketPhoto { ParkId = t.ParkId, TicketId = t.Id, ContentType = "image/png", Size = html.Length, FileName = "old.png", Data = html, UploadedAt = DateTime.UtcNow, UploadedBy = "legacy" };
            db.TicketPhotos.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var served = await op.GetAsync($"/api/v1/tickets/{ticket}/photos/{photoId}");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        served.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}
