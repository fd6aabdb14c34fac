/*
 * Test-only stand-in for Windows's bcryptprimitives.dll under Wine.
 *
 * Rust's standard library asks bcryptprimitives.dll for ProcessPrng at
 * start-up; Debian's Wine 8 does not export it, so no Rust program loads.
 * This DLL answers with RtlGenRandom (advapi32's SystemFunction036). It is
 * copied into the test Wine prefix only, and never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
