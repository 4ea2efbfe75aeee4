using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Booking;

/// <summary>The Booking area as the host composes it: shared resources and their bookings.</summary>
public sealed class BookingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        BookingEndpoints.AddBooking(services);
        services.AddScoped<IToDoSource, BookingToDo>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        BookingEndpoints.MapBooking(areas);
    }
}
