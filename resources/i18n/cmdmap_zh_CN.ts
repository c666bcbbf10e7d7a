<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../cmdmap/ui/app.py" line="+59"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cmdmap/ui/window.py" line="+52"/>
        <source>demo, not saved</source>
        <translation>演示数据，未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled community</source>
        <translation>未命名社区</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Coordinate reference system: EPSG:%1</source>
        <translation>坐标系：EPSG:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>X %1 m  Y %2 m</source>
        <translation>X %1 米  Y %2 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open a battle map</source>
        <translation>打开作战图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoPackage files (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 作战图文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../cmdmap/ui/print_dialog.py" line="+32"/>
        <source>Print the battle map</source>
        <translation>打印作战图</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+34"/>
        <source>Custom size</source>
        <translation>自定义尺寸</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Fit the community</source>
        <translation>适合整个社区</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One sheet</source>
        <translation>单张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A4 sheets</source>
        <translation>拼贴到 A4 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A3 sheets</source>
        <translation>拼贴到 A3 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atlas: one sheet per grid</source>
        <translation>图册：每个网格一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print grid workers&apos; names on atlas sheets (personal data)</source>
        <translation>图册上印网格员姓名（个人信息）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Margins</source>
        <translation>页边距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>版式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Export the battle map</source>
        <translation>导出作战图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>TotalsDock</name>
    <message>
        <location filename="../../cmdmap/ui/totals.py" line="+26"/>
        <source>Community totals</source>
        <translation>社区总数</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Isolated residents</source>
        <translation>隔离人员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Staff</source>
        <translation>工作力量</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
</context>
</TS>
