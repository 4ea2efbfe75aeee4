namespace ParkOps.Web.Features.Imports;

public static class ImportModule
{
    public static IServiceCollection AddImports(this IServiceCollection services) => services;
    public static void MapImports(this IEndpointRouteBuilder app) { }
}
